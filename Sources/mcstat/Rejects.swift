internal import ArgumentParser
internal import Logging
import Foundation
internal import MCModel
internal import MCStore

extension MCStat {
    /// `mcstat rejects`: the quarantine, per run or institution.
    struct Rejects: LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print quarantined records with their reasons, file and line.",
            discussion: """
            A ministry sends each institution its own list back: each record by file, line and credential id, with its reason. No learner id or learner key is ever listed; a record that could not be read apart is given by its byte range and the SHA-256 of its bytes.

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
            let store = try storeOptions.openReader()
            if let runId {
                let exists: Bool
                do { exists = try store.runExists(id: runId) } catch { throw CommandFailure.store(error) }
                guard exists else { throw CommandFailure.usage("no run \(runId) in \(storeOptions.storePath); mcstat runs lists them") }
            }
            let output = try StreamedOutput(path: nil)
            var writeFailure: (any Error)?
            var count = 0
            let listing = RejectListing(format: format)
            func write(_ text: String) -> Bool {
                do { try output.write(Data(text.utf8)) } catch { writeFailure = error }
                return writeFailure == nil
            }
            guard write(listing.opening) else { return try output.guarded { throw writeFailure! } }
            do {
                try store.eachQuarantined(runId: runId, awardingBodyId: institution) { record in
                    count += 1
                    return write(listing.entry(record, first: count == 1))
                }
            } catch {
                throw CommandFailure.store(error)
            }
            if let writeFailure { try output.guarded { throw writeFailure } }
            try output.guarded {
                try output.write(Data(listing.closing(empty: count == 0).utf8))
                try output.flush()
            }
        }
    }
}

/// Output formats of `rejects`.
enum RejectsFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
