internal import ArgumentParser
internal import Logging
import Foundation

extension MCStat {
    /// `mcstat runs`: run history.
    struct Runs: LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the run history of the store, newest first.",
            discussion: """
            Examples:
              mcstat runs
              mcstat runs --format json
            """)

        @OptionGroup var log: LogOptions

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "text (for people) or json (for machines).")
        var format: OutputFormat = .text

        func run() throws {
            let runs: [RunRow]
            do { runs = try storeOptions.openReader().runs().map(RunRow.init) } catch { throw CommandFailure.store(error) }
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try emit(String(decoding: try encoder.encode(runs), as: UTF8.self) + "\n", to: nil)
                return
            }
            if runs.isEmpty { print("no runs recorded in \(storeOptions.storePath)") }
            for run in runs {
                print("\(run.id)\t\(run.startedAt)\t\(run.finishedAt ?? "-")\t\(run.outcome)\t\(run.pipeline)")
                if let release = run.summary?.release {
                    func list(_ groups: [String]) -> String { groups.isEmpty ? "none" : groups.joined(separator: ", ") }
                    print("\trelease \(release.id) (hold \(release.hold)) released: \(list(release.released)); held: \(list(release.held))")
                }
            }
        }
    }
}

internal import MCPipeline
internal import MCStore

/// A run as printed: the stored summary decoded back into JSON.
struct RunRow: Encodable {
    var id: Int64
    var pipeline: String
    var startedAt: String
    var finishedAt: String?
    var outcome: String
    var summary: RunSummary?

    init(_ record: RunRecord) {
        id = record.id
        pipeline = record.pipeline
        startedAt = record.startedAt
        finishedAt = record.finishedAt
        outcome = record.outcome
        summary = record.summary.flatMap { try? JSONDecoder().decode(RunSummary.self, from: Data($0.utf8)) }
    }

    enum CodingKeys: String, CodingKey {
        case id, pipeline, outcome, summary
        case startedAt = "started_at", finishedAt = "finished_at"
    }
}

