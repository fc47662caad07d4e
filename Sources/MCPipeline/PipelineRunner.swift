import Foundation
package import Logging
package import MCStore

/// The outcome of one pipeline run.
package struct RunSummary: Sendable, Codable, Equatable {
    package var runId: Int64
    package var pipeline: String
    /// `succeeded`, `completed-with-errors` (a file could not be read) or `failed` (a `fail:` rule
    /// was breached, or the run stopped).
    package var outcome: String
    package var files: [FileReport]
    package var totals: Totals
    package var reports: [String]
    /// The `fail:` rules the run breached, each in a sentence.
    package var failures: [String]
    /// With a release hold: the groups the run's reports released and held.
    package var release: ReleaseRecord?

    enum CodingKeys: String, CodingKey {
        case runId = "run_id", pipeline, outcome, files, totals, reports, failures, release
    }

    package init(runId: Int64, pipeline: String, outcome: String, files: [FileReport], reports: [String], failures: [String],
                release: ReleaseRecord? = nil) {
        self.release = release
        self.runId = runId
        self.pipeline = pipeline
        self.outcome = outcome
        self.files = files
        totals = Totals(files)
        self.reports = reports
        self.failures = failures
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        runId = try container.decode(Int64.self, forKey: .runId)
        pipeline = try container.decode(String.self, forKey: .pipeline)
        outcome = try container.decode(String.self, forKey: .outcome)
        files = try container.decode([FileReport].self, forKey: .files)
        totals = try container.decode(Totals.self, forKey: .totals)
        reports = try container.decode([String].self, forKey: .reports)
        failures = try container.decodeIfPresent([String].self, forKey: .failures) ?? []
        release = try container.decodeIfPresent(ReleaseRecord.self, forKey: .release)
    }
}

/// Runs a pipeline: every source ingested (one transaction per file), then the reports written,
/// then the `fail:` rules checked, recorded as one row of run history. The caller holds the
/// store's ``WriterLock``. Each file and the run's summary are logged.
package struct PipelineRunner {
    package let store: any PipelineStore
    package let ingest: IngestService
    package let logger: Logger

    package init(store: any PipelineStore, ingest: IngestService, logger: Logger = Logger(label: "mcstat", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.store = store
        self.ingest = ingest
        self.logger = logger
    }

    /// Runs `definition`. Each file's issues go to `spool` when given (so a run of many rejected
    /// records holds none of them in memory), and each file's report is handed to `onFile` as
    /// soon as the file is done.
    package func run(_ definition: PipelineDefinition, path: String, reportOptions: ReportOptions,
                    issues spool: IssueSpool? = nil, onFile: (FileReport) throws -> Void = { _ in }) throws -> RunSummary {
        let runId = try store.beginRun(pipeline: path)
        var logger = self.logger
        logger[metadataKey: "run_id"] = .stringConvertible(runId)
        logger.info("run \(runId) (\(definition.name)) started", metadata: ["pipeline": .string(path)])
        var files: [FileReport] = []
        var reports: [String] = []
        var failures: [String] = []
        var release: ReleaseRecord?
        var outcome = "failed"
        defer {
            let summary = RunSummary(runId: runId, pipeline: path, outcome: outcome, files: files, reports: reports, failures: failures,
                                     release: release)
            try? store.finishRun(id: runId, outcome: outcome, summary: summary.compactJSON)
        }
        let profileDirectories = ProfileLoader.directories(forPipeline: path)
        // Every source's files are listed first, so that progress on a terminal says `file i of n`.
        let sources = definition.sources.map { (source: $0, inputs: $0.inputs()) }
        ingest.progress.expect(files: sources.reduce(0) { $0 + $1.inputs.count })
        for (source, inputs) in sources {
            let profile = try source.profile.map { name throws(PipelineError) in try ProfileLoader.load(name, directories: profileDirectories) }
            var delivered = false
            for (input, policy) in inputs {
                let file = try ingest.ingest(input, profile: profile, policy: policy, into: store, runId: runId, issues: spool)
                delivered = delivered || file.fatal == nil
                PipelineRunner.log(file, to: logger)
                try onFile(file)
                var kept = file
                kept.issues = []
                files.append(kept)
            }
            if definition.fail.requireSources && !delivered {
                failures.append("source '\(source.path)' delivered no readable file (require_sources)")
            }
        }
        let published = try ReportService.publish(store: store, options: reportOptions, runId: runId, progress: ingest.progress)
        reports = published.files.map(\.path)
        release = published.release
        failures += PipelineRunner.rejectedShareBreaches(files, limit: definition.fail.maxRejectedShare)
        outcome = !failures.isEmpty ? "failed" : files.contains { $0.fatal != nil } ? "completed-with-errors" : "succeeded"
        let summary = RunSummary(runId: runId, pipeline: path, outcome: outcome, files: files, reports: reports, failures: failures,
                                 release: release)
        logger.log(level: outcome == "succeeded" ? .notice : .warning, "\(summary.line(name: definition.name))", metadata: [
            "outcome": .string(outcome), "counts": PipelineRunner.counts(summary.totals),
            "files": .stringConvertible(files.count), "failures": .array(failures.map { .string($0) }),
        ])
        return summary
    }

    /// One log event per file: its counts, or why it could not be read.
    /// Logs what was done with `file`: imported or skipped, or with `validating`, validated.
    package static func log(_ file: FileReport, to logger: Logger, validating: Bool = false) {
        var metadata: Logger.Metadata = ["file": .string(file.path), "format": file.format.map { .string($0) } ?? .stringConvertible(LogNull())]
        if let fatal = file.fatal {
            metadata["outcome"] = "unreadable"
            metadata["error"] = .string(fatal.code)
            logger.warning("\(file.path): cannot be read: \(fatal.message)", metadata: metadata)
            return
        }
        metadata["counts"] = counts(Totals([file]))
        let outcome = validating ? "validated" : file.skipped == true ? "skipped" : "imported"
        metadata["outcome"] = .string(outcome)
        logger.info("\(file.path): \(file.skipped == true ? "skipped (already imported)" : outcome)", metadata: metadata)
    }

    package static func counts(_ totals: Totals) -> Logger.Metadata.Value {
        var counts: Logger.Metadata = ["read": .stringConvertible(totals.read), "accepted": .stringConvertible(totals.accepted),
                                       "rejected": .stringConvertible(totals.rejected), "warnings": .stringConvertible(totals.warnings)]
        if let stale = totals.stale { counts["stale"] = .stringConvertible(stale) }
        return .dictionary(counts)
    }

    /// Awarding bodies whose share of rejected records in this run passes `limit`.
    static func rejectedShareBreaches(_ files: [FileReport], limit: Double?) -> [String] {
        guard let limit else { return [] }
        var bodies: [String: BodyTally] = [:]
        for file in files {
            for (body, tally) in file.awardingBodies {
                bodies[body, default: BodyTally()].read += tally.read
                bodies[body, default: BodyTally()].rejected += tally.rejected
            }
        }
        return bodies.sorted { $0.key < $1.key }.compactMap { body, tally in
            guard tally.read > 0, Double(tally.rejected) / Double(tally.read) > limit else { return nil }
            let share = String(format: "%.1f", 100 * Double(tally.rejected) / Double(tally.read))
            return "awarding body \(body): \(tally.rejected) of \(tally.read) records rejected (\(share) %), more than max_rejected_share \(limit)"
        }
    }
}

extension RunSummary {
    /// The run's summary line: outcome, files and counts, and the rules it breached.
    package func line(name: String) -> String {
        var text = "run \(runId) (\(name)): \(outcome) — \(files.count) files, \(totals.read) read, \(totals.accepted) accepted, \(totals.rejected) rejected"
        if let stale = totals.stale, stale > 0 { text += ", \(stale) stale" }
        if let release { text += "; release \(release.id): \(release.released.count) groups released, \(release.held.count) held" }
        if !failures.isEmpty { text += "; " + failures.joined(separator: "; ") }
        return text
    }

    /// The summary without per-record issues, as kept in run history.
    var compactJSON: String {
        var copy = self
        copy.files = files.map { var f = $0; f.issues = []; return f }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(copy)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A log value that is JSON `null` (a file whose format is not known).
package struct LogNull: CustomStringConvertible, Sendable {
    package init() {}
    package var description: String { "null" }
}
