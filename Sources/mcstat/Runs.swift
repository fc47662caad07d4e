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
            for line in Self.table(runs) { print(line) }
        }

        /// The runs for people: a header line, then one line per run in aligned columns (the
        /// pipeline last, as long as it is), each release's groups on an indented line below.
        static func table(_ runs: [RunRow]) -> [String] {
            guard !runs.isEmpty else { return [] }
            let header = ["run", "started", "finished", "outcome", "pipeline"]
            let cells = runs.map { ["\($0.id)", $0.startedAt, $0.finishedAt ?? "-", $0.outcome, $0.pipeline] }
            let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
            func line(_ row: [String]) -> String {
                // The run id right-aligned, the other columns left-aligned; no trailing spaces.
                let id = String(repeating: " ", count: widths[0] - row[0].count) + row[0]
                let middle = (1..<row.count - 1).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                return ([id] + middle + [row[row.count - 1]]).joined(separator: "  ")
            }
            var lines = [line(header)]
            for (run, row) in zip(runs, cells) {
                lines.append(line(row))
                if let release = run.summary?.release {
                    func list(_ groups: [String]) -> String { groups.isEmpty ? "none" : groups.joined(separator: ", ") }
                    lines.append(String(repeating: " ", count: widths[0] + 2)
                        + "release \(release.id) (hold \(release.hold)) released: \(list(release.released)); held: \(list(release.held))")
                }
            }
            return lines
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

