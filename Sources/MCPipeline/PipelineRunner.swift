import Foundation
import MCStore

/// The outcome of one pipeline run.
public struct RunSummary: Sendable, Codable, Equatable {
    public var runId: Int64
    public var pipeline: String
    public var outcome: String
    public var files: [FileReport]
    public var totals: Totals
    public var reports: [String]

    enum CodingKeys: String, CodingKey {
        case runId = "run_id", pipeline, outcome, files, totals, reports
    }
}

/// Runs a pipeline: every source ingested (one transaction per file), then the reports written,
/// recorded as one row of run history. The caller holds the store's ``WriterLock``.
public struct PipelineRunner {
    public let store: Store
    public let ingest: IngestService

    public init(store: Store, ingest: IngestService) {
        self.store = store
        self.ingest = ingest
    }

    public func run(_ definition: PipelineDefinition, path: String, reportOptions: ReportOptions) throws -> RunSummary {
        let runId = try store.beginRun(pipeline: path)
        var files: [FileReport] = []
        var reports: [String] = []
        var outcome = "failed"
        defer {
            let summary = RunSummary(runId: runId, pipeline: path, outcome: outcome, files: files,
                                     totals: Totals(files), reports: reports)
            try? store.finishRun(id: runId, outcome: outcome, summary: summary.compactJSON)
        }
        let profileDirectories = [((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("profiles"),
                                  "pipelines/profiles"]
        for source in definition.sources {
            let profile = try source.profile.map { name throws(PipelineError) in try ProfileLoader.load(name, directories: profileDirectories) }
            for input in SourceGlob.files([source.path], globbing: true) {
                files.append(try ingest.ingest(input, profile: profile, policy: source.policy, into: store, runId: runId))
            }
        }
        reports = try ReportService.run(store: store, options: reportOptions).map(\.path)
        outcome = files.contains { $0.fatal != nil } ? "completed-with-errors" : "succeeded"
        return RunSummary(runId: runId, pipeline: path, outcome: outcome, files: files,
                          totals: Totals(files), reports: reports)
    }
}

extension RunSummary {
    /// The summary without per-record issues, as kept in run history.
    var compactJSON: String {
        var copy = self
        copy.files = files.map { var f = $0; f.issues = []; return f }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(copy)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
