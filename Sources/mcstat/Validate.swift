import ArgumentParser
import Logging
import MCNormalize
import MCPipeline

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

            Exit codes: 0 every record accepted; 1 some records rejected; 3 a file could not be read.
            """)

        @OptionGroup var log: LogOptions

        @Option(help: "text (for people) or json (for machines).")
        var format: OutputFormat = .text

        @Option(help: ArgumentHelp("Write the report here instead of stdout.", valueName: "path"))
        var output: String?

        @OptionGroup var input: InputOptions

        @Argument(help: ArgumentHelp("Files or directories to check.", valueName: "file"))
        var files: [String]

        func run() throws {
            let service = IngestService(normalizer: Normalizer(pseudonymizer: .ephemeral()),
                                        progress: ProgressMeter(quiet: input.quiet))
            let profile = try input.loadProfile()
            let logger = log.logger(command: "validate")
            let reports = SourceGlob.files(files, globbing: false).map { service.validate($0, profile: profile) }
            reports.forEach { PipelineRunner.log($0, to: logger) }
            let summary = FilesSummary(files: reports)
            try emit(format == .json ? summary.jsonText() : summary.text(), to: output)
            if reports.contains(where: { $0.fatal != nil }) { throw ExitCode(3) }
            if summary.totals.rejected > 0 { throw ExitCode(1) }
        }
    }
}
