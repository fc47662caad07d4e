internal import ArgumentParser
internal import Logging
internal import MCPipeline
internal import MCStore

extension MCStat {
    /// `mcstat report`: the BFUG uptake reports.
    struct Report: LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the BFUG reports from the store (CSV, JSON, SDMX-CSV, HTML), with small counts suppressed.",
            discussion: """
            Counts every stored credential with status issued. A cell with fewer than --min-cell credentials or learners is suppressed (status C), and a second cell of its group too (status D) so that it cannot be worked out from the total.

            With --method cell-key every count is slightly perturbed instead (the cell key method, with the record keys made at ingest and the perturbation table shipped with mcstat, or --ptable); nothing is suppressed and figures are not additive.

            Release hold (--hold, default the larger of 10 and --min-cell): a country and year is published again unchanged until at least that many of its records were added, corrected or revoked since this --out folder last published it, so that no new record can be read off two releases side by side. The release is recorded in the store, so report then takes the store's writer lock (exit 5 when another writer holds it, or --wait); --hold 0 publishes every night, for internal use, and only reads the store. completeness is written only when named in --only.

            Examples:
              mcstat report
              mcstat report --out /srv/bfug/2025 --min-cell 10 --only uptake
              mcstat report --method cell-key
              mcstat report --out internal --hold 0 --only uptake,completeness
            """)

        @OptionGroup var log: LogOptions

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var reportArguments: ReportArguments
        @OptionGroup var writer: WriterOptions

        @Flag(help: "Show no progress on the terminal.")
        var quiet = false

        func run() throws {
            let logger = log.logger(command: "report")
            let options = try reportArguments.options()
            // With a hold, the release is recorded in the store: a writer's lock and access.
            let release = try options.effectiveHold > 0 ? storeOptions.openReleaseWriter(wait: writer.wait) : nil
            let store = try release?.store ?? storeOptions.openReader()
            let result: ReportResult
            do { result = try ReportService.publish(store: store, options: options, progress: ProgressMeter(quiet: quiet)) } catch let error as ReportSetupError {
                throw CommandFailure.usage("\(error)")
            } catch {
                throw CommandFailure.storage(error)
            }
            withExtendedLifetime(release?.lock) {}
            for file in result.files { print(file.path + (file.rows.map { ": \($0) rows" } ?? "")) }
            var metadata: Logger.Metadata = ["outcome": "succeeded", "out": .string(options.outputDirectory), "files": .stringConvertible(result.files.count)]
            var line = "report: \(result.files.count) files written to \(options.outputDirectory) (min_cell \(options.minCell)"
            if let recorded = result.release {
                line += ", hold \(recorded.hold): release \(recorded.id), \(recorded.released.count) groups released, \(recorded.held.count) held"
                metadata["released"] = .array(recorded.released.map { .string($0) })
                metadata["held"] = .array(recorded.held.map { .string($0) })
            } else {
                line += ", no hold"
            }
            logger.notice("\(line))", metadata: metadata)
        }
    }
}
