import ArgumentParser
import Logging
import MCPipeline

extension MCStat {
    /// `mcstat report`: the BFUG uptake reports.
    struct Report: LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the BFUG reports from the store (CSV, JSON, SDMX-CSV, HTML), with small counts suppressed.",
            discussion: """
            Counts every stored credential with status issued. A cell with fewer than --min-cell credentials or learners is suppressed (status C), and a second cell of its group too (status D) so that it cannot be worked out from the total.

            With --method cell-key every count is slightly perturbed instead (the cell key method, with the record keys made at ingest and the perturbation table shipped with mcstat, or --ptable); nothing is suppressed and figures are not additive.

            Examples:
              mcstat report
              mcstat report --out /srv/bfug/2025 --min-cell 10 --only uptake
              mcstat report --method cell-key
            """)

        @OptionGroup var log: LogOptions

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var reportArguments: ReportArguments

        func run() throws {
            let logger = log.logger(command: "report")
            let store = try storeOptions.openReader()
            let written: [WrittenFile]
            do { written = try ReportService.run(store: store, options: reportArguments.options()) } catch let error as ReportSetupError {
                throw CommandFailure.usage("\(error)")
            } catch {
                throw CommandFailure.storage(error)
            }
            for file in written { print(file.path + (file.rows.map { ": \($0) rows" } ?? "")) }
            let options = reportArguments.options()
            logger.notice("report: \(written.count) files written to \(options.outputDirectory) (min_cell \(options.minCell))",
                          metadata: ["outcome": "succeeded", "out": .string(options.outputDirectory), "files": .stringConvertible(written.count)])
        }
    }
}
