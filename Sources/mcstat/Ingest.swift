internal import ArgumentParser
internal import Logging
internal import MCNormalize
internal import MCPipeline

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
        @OptionGroup var jobs: JobsOption

        @Option(help: "text (for people) or json (for machines).")
        var format: OutputFormat = .text

        @Argument(help: ArgumentHelp("Files or directories to import.", valueName: "file"))
        var files: [String]

        func run() throws {
            let logger = log.logger(command: "ingest")
            let profile = try input.loadProfile()
            let session = try storeOptions.openWriter(command: "ingest", wait: writer.wait, logger: logger)
            let store = session.store
            let service = session.ingestService(quiet: input.quiet, jobs: jobs.jobs, today: try input.runDay())
            let output = try StreamedOutput(path: nil)
            let report = FilesReportWriter(style: format == .json ? .json : .text(verbose: false), write: output.write)
            var unreadable = false
            let inputs = SourceGlob.files(files, globbing: false)
            service.progress.expect(files: inputs.count)
            for input in inputs {
                let fileReport: FileReport
                do { fileReport = try service.ingest(input, profile: profile, into: store, runId: nil, issues: report.issues) } catch {
                    throw CommandFailure.storage(error)
                }
                PipelineRunner.log(fileReport, to: logger)
                try output.guarded { try report.add(fileReport) }
                unreadable = unreadable || fileReport.fatal != nil
            }
            try output.guarded { try report.finish(); try output.flush() }
            let totals = report.totals
            logger.notice("ingest: \(report.fileCount) files, \(totals.read) read, \(totals.accepted) accepted, \(totals.rejected) rejected",
                          metadata: ["outcome": unreadable ? "completed-with-errors" : "succeeded", "counts": PipelineRunner.counts(totals)])
            withExtendedLifetime(session.lock) {}
            if unreadable { throw ExitCode(3) }
        }
    }
}
