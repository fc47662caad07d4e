import ArgumentParser
import Logging
import Foundation
import MCModel
import MCStore

extension MCStat {
    /// `mcstat rejects`: the quarantine, per run or institution.
    struct Rejects: LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print quarantined records with their reasons, file and line.",
            discussion: """
            A ministry sends each institution its own list back. Learner ids appear only as their pseudonymous keys.

            Examples:
              mcstat rejects --institution DE-HS-0042
              mcstat rejects --run 3 --format json
              mcstat rejects --institution DE-HS-0042 --format csv > DE-HS-0042-rejects.csv
            """)

        @OptionGroup var log: LogOptions

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .customLong("run"), help: ArgumentHelp("Only records quarantined by this run.", valueName: "id"))
        var runId: Int64?

        @Option(help: ArgumentHelp("Only records of this awarding body id.", valueName: "id"))
        var institution: String?

        @Option(help: "text (for people), json (for machines) or csv (to send back to an institution).")
        var format: RejectsFormat = .text

        func run() throws {
            let records: [QuarantinedRecord]
            do { records = try storeOptions.openReader().quarantined(runId: runId, awardingBodyId: institution) } catch {
                throw CommandFailure.store(error)
            }
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try emit(String(decoding: try encoder.encode(records), as: UTF8.self) + "\n", to: nil)
                return
            }
            if format == .csv {
                var out = "file,record,line,pointer,awarding_body_id,reason_code,field,element,message\n"
                for r in records {
                    let fields = [r.file, String(r.record), r.line.map(String.init) ?? "", r.pointer ?? "", r.awardingBodyId ?? "",
                                  r.reasonCode, r.field ?? "", r.element ?? "", r.message]
                    out += CSVText.line(fields) + "\n"
                }
                try emit(out, to: nil)
                return
            }
            for record in records {
                let place = [record.line.map { "line \($0)" }, record.pointer].compactMap { $0 }.joined(separator: ", ")
                print("\(record.file): record \(record.record)\(place.isEmpty ? "" : ", " + place): \(record.reasonCode)"
                      + (record.element.map { " — \($0)" } ?? "") + ": \(record.message)")
            }
            if records.isEmpty { print("no quarantined records") }
        }
    }
}

/// Output formats of `rejects`.
enum RejectsFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
