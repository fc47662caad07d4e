import ArgumentParser
import MCNormalize
import MCPipeline

extension MCStat {
    /// `mcstat ingest`: validate and store.
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate exports and store them: accepted records kept, rejected ones quarantined.",
            discussion: """
            One transaction per file: a file is wholly imported or not at all. A file whose SHA-256 was imported before is skipped and says so. A record with the key (awarding_body_id, credential_id) of a stored one replaces it: the record read last wins.

            Examples:
              mcstat ingest sample-data/
              mcstat ingest --store /var/lib/mcstat/store.sqlite --format json exports/*.csv

            Exit codes: 0 done (rejected records are quarantined, not an error); 3 a file could not be read; 4 the store could not be written.
            """)

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var input: InputOptions

        @Option(help: "text (for people) or json (for machines).")
        var format: OutputFormat = .text

        @Argument(help: ArgumentHelp("Files or directories to import.", valueName: "file"))
        var files: [String]

        func run() throws {
            let store = try storeOptions.openStore()
            let service = IngestService(normalizer: Normalizer(pseudonymizer: try storeOptions.pseudonymizer()),
                                        progress: ProgressMeter(quiet: input.quiet))
            let profile = try input.loadProfile()
            let output = try StreamedOutput(path: nil)
            let writer = FilesReportWriter(style: format == .json ? .json : .text(verbose: false), write: output.write)
            var unreadable = false
            for input in SourceGlob.files(files, globbing: false) {
                let report: FileReport
                do { report = try service.ingest(input, profile: profile, into: store, runId: nil, issues: writer.issues) } catch {
                    throw CommandFailure.storage(error)
                }
                try output.guarded { try writer.add(report) }
                unreadable = unreadable || report.fatal != nil
            }
            try output.guarded { try writer.finish(); try output.flush() }
            if unreadable { throw ExitCode(3) }
        }
    }
}
