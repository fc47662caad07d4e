internal import ArgumentParser
import Foundation
internal import Logging
internal import MCModel
internal import MCNormalize
internal import MCPipeline

extension MCStat {
    /// `mcstat validate`: the institution's pre-submission check.
    struct Validate: LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check exports against the Annex I rules without storing anything.",
            discussion: """
            Runs exactly the ingest and normalization rules and reports, per record, the line, the Annex I element, what is wrong and how to fix it. Learner ids are never echoed.

            Examples:
              mcstat validate export.csv
              mcstat validate --format json --output report.json exports/
              mcstat validate --explain --record 7 --key-file ~/.config/mcstat/key export.csv

            --explain shows one record (the first, or --record N) element by element: the value read and where it came from, or every place looked at when it is absent, then the reason the rules give. Learner ids appear only as their keys, and only with a key file (--key-file or MCSTAT_KEY_FILE); without one they are hidden.

            Exit codes: 0 every record accepted; 1 some records rejected; 3 a file could not be read.
            """)

        @OptionGroup var log: LogOptions

        @Option(help: "text (for people) or json (for machines).")
        var format: OutputFormat = .text

        @Option(help: ArgumentHelp("Write the report here instead of stdout.", valueName: "path"))
        var output: String?

        @OptionGroup var input: InputOptions
        @OptionGroup var jobs: JobsOption

        @Flag(help: "Explain one record element by element (one file only).")
        var explain = false

        @Option(help: ArgumentHelp("With --explain: which record, counted from 1.", valueName: "n"))
        var record: Int?

        @Option(name: .customLong("key-file"),
                help: ArgumentHelp("With --explain: the pseudonymisation secret, to show learner keys (default: MCSTAT_KEY_FILE).", valueName: "path"))
        var keyFile: String?

        func validate() throws {
            if explain && files.count != 1 { throw ValidationError("--explain takes exactly one file") }
            if explain && format == .json { throw ValidationError("--explain prints text for people; leave out --format json") }
            if !explain && (record != nil || keyFile != nil) { throw ValidationError("--record and --key-file go with --explain") }
            if let record, record < 1 { throw ValidationError("--record counts from 1") }
        }

        @Argument(help: ArgumentHelp("Files or directories to check.", valueName: "file"))
        var files: [String]

        func run() throws {
            if explain { return try runExplain() }
            let service = IngestService(normalizer: Normalizer(pseudonymizer: .withoutKeys, today: try input.runDay()),
                                        progress: ProgressMeter(quiet: input.quiet), workers: jobs.jobs)
            let profile = try input.loadProfile()
            let output = try StreamedOutput(path: output)
            let writer = FilesReportWriter(style: format == .json ? .json : .text(verbose: true), write: output.write)
            var unreadable = false
            let logger = log.logger(command: "validate")
            let inputs = SourceGlob.files(files, globbing: false)
            service.progress.expect(files: inputs.count)
            for input in inputs {
                let report = service.validate(input, profile: profile, issues: writer.issues)
                PipelineRunner.log(report, to: logger, validating: true)
                try output.guarded { try writer.add(report) }
                unreadable = unreadable || report.fatal != nil
            }
            try output.guarded { try writer.finish(); try output.flush() }
            if unreadable { throw ExitCode(3) }
            if writer.totals.rejected > 0 { throw ExitCode(1) }
        }

        /// `--explain`: one record, element by element.
        func runExplain() throws {
            // The key file is checked as every command checks it (exit 2), but never created:
            // explaining must not leave a key behind.
            let keyPath = (keyFile ?? ProcessInfo.processInfo.environment["MCSTAT_KEY_FILE"]).flatMap { $0.isEmpty ? nil : $0 }
            let key: KeyFile.Loaded?
            do { key = try keyPath.flatMap { path throws(PipelineError) in try KeyFile.loadExisting(path: path) } } catch {
                throw CommandFailure.usage("\(error)")
            }
            let explainer = RecordExplainer(pseudonymizer: key?.pseudonymizer, today: try input.runDay())
            let profile = try input.loadProfile()
            let outcome: RecordExplainer.Outcome
            do {
                outcome = try explainer.explain(path: files[0], record: record ?? 1, profile: profile)
            } catch {
                throw CommandFailure(message: error.description, exitCode: 3)
            }
            switch outcome {
            case .fewerRecords(let holds):
                throw ValidationError("\(files[0]) holds \(holds) record\(holds == 1 ? "" : "s"); there is no record \(record ?? 1)")
            case .explained(let text, let accepted):
                try emit(text, to: output)
                if !accepted { throw ExitCode(1) }
            }
        }
    }
}
