import ArgumentParser
import Logging
import MCNormalize
import MCPipeline

extension MCStat {
    /// `mcstat ingest`: validate and store.
    struct Ingest: LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate exports and store them: accepted records kept, rejected ones quarantined.",
            discussion: """
            One transaction per file: a file is wholly imported or not at all. A file whose SHA-256 was imported before is skipped and says so. A record with the key (awarding_body_id, credential_id) of a stored one replaces it: the record read last wins.

            Examples:
              mcstat ingest sample-data/
              mcstat ingest --store /var/lib/mcstat/store.sqlite --format json exports/*.csv

            Exit codes: 0 done (rejected records are quarantined, not an error); 2 usage error (also a key other than the store's); 3 a file could not be read; 4 the store could not be written, or is damaged or newer than this program; 5 another writer holds the store (see --wait).
            """)

        @OptionGroup var log: LogOptions

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var input: InputOptions
        @OptionGroup var writer: WriterOptions

        @Option(help: "text (for people) or json (for machines).")
        var format: OutputFormat = .text

        @Argument(help: ArgumentHelp("Files or directories to import.", valueName: "file"))
        var files: [String]

        func run() throws {
            let logger = log.logger(command: "ingest")
            let profile = try input.loadProfile()
            let session = try storeOptions.openWriter(command: "ingest", wait: writer.wait, logger: logger)
            let store = session.store
            let service = IngestService(normalizer: Normalizer(pseudonymizer: session.pseudonymizer),
                                        progress: ProgressMeter(quiet: input.quiet))
            var reports: [FileReport] = []
            for input in SourceGlob.files(files, globbing: false) {
                do { reports.append(try service.ingest(input, profile: profile, into: store, runId: nil)) } catch {
                    throw CommandFailure.storage(error)
                }
                PipelineRunner.log(reports[reports.count - 1], to: logger)
            }
            let summary = FilesSummary(files: reports)
            let failed = reports.contains { $0.fatal != nil }
            logger.notice("ingest: \(reports.count) files, \(summary.totals.read) read, \(summary.totals.accepted) accepted, \(summary.totals.rejected) rejected",
                          metadata: ["outcome": failed ? "completed-with-errors" : "succeeded", "counts": PipelineRunner.counts(summary.totals)])
            try emit(format == .json ? summary.jsonText() : summary.text(verbose: false), to: nil)
            withExtendedLifetime(session.lock) {}
            if reports.contains(where: { $0.fatal != nil }) { throw ExitCode(3) }
        }
    }
}
