internal import ArgumentParser
internal import Logging
import Foundation
internal import MCNormalize
internal import MCPipeline
internal import MCStore

extension MCStat {
    /// `mcstat run`: the nightly job.
    struct Run: LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a pipeline file: ingest every source, then write its reports.",
            discussion: """
            Each run is one row of run history (see `mcstat runs`). Files already imported (same SHA-256) are skipped, so running again is safe. Every writer takes the store's lock: a second one exits 5 at once (or waits up to --wait seconds), naming the holder. A run that was killed is marked interrupted by the next writer.

            --dry-run reads the pipeline and the store (when there is one) and lists, per source, each file and whether the run would import it or skip it (unchanged: the same bytes were imported before under the same awarding bodies), then the report options in effect; it writes nothing (no store, no run record, no report) and takes no lock.

            Examples:
              mcstat run pipelines/nightly.yml
              mcstat run --dry-run pipelines/nightly.yml

            pipelines/nightly.yml:
              name: nightly
              sources:
                - path: sample-data/de-tu-nordstadt/*
                - path: sample-data/at-fh-donau/*
                  profile: at-fh-donau
              report:
                out: reports
                min_cell: 5
            """)

        @OptionGroup var log: LogOptions

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var input: InputOptions
        @OptionGroup var reportArguments: ReportArguments
        @OptionGroup var writer: WriterOptions

        @Option(help: "text (for people) or json (for machines).")
        var format: OutputFormat = .text

        @Flag(help: "List what the run would import or skip and the report options, and write nothing.")
        var dryRun = false

        @Argument(help: ArgumentHelp("The pipeline file.", valueName: "pipeline.yml"))
        var pipeline: String

        func validate() throws {
            if input.profile != nil {
                throw ValidationError("--profile does not apply to run: name each source's profile in the pipeline file")
            }
        }

        func run() throws {
            let definition: PipelineDefinition
            do { definition = try PipelineDefinition.load(path: pipeline) } catch {
                throw CommandFailure.usage("\(error)")
            }
            let logger = log.logger(command: "run")
            let reportOptions = try reportArguments.options(defaults: definition.report)
            // A perturbation table that cannot be used is refused before anything runs.
            do { _ = try reportOptions.disclosureMethod() } catch {
                throw CommandFailure.usage("\(error)")
            }
            if dryRun { return try showPlan(definition, reportOptions) }
            let session = try storeOptions.openWriter(command: "run \(pipeline)", wait: writer.wait, logger: logger)
            let store = session.store
            let service = session.ingestService(quiet: input.quiet, jobs: reportArguments.threads.jobs, today: try input.runDay())
            // The files' report is streamed as each file is done; its issues never pile up in memory.
            let output = try StreamedOutput(path: nil)
            let filesReport = FilesReportWriter(style: format == .json ? .json : .text(verbose: false), write: output.write)
            let summary: RunSummary
            do {
                summary = try PipelineRunner(store: store, ingest: service, logger: logger)
                    .run(definition, path: pipeline, reportOptions: reportOptions,
                         issues: filesReport.issues) { file in try output.guarded { try filesReport.add(file) } }
            } catch let error as ReportSetupError {
                throw CommandFailure.usage("\(error)")
            } catch let error as PipelineError {
                switch error {
                case .profile: throw CommandFailure.usage("\(error)")
                default: break
                }
                throw CommandFailure.storage(error)
            } catch {
                throw CommandFailure.storage(error)
            }
            withExtendedLifetime(session.lock) {}
            try output.guarded { try filesReport.finish(); try output.flush() }
            if format != .json {
                print(summary.line(name: definition.name))
                if let folder = summary.reports.first.map({ URL(fileURLWithPath: $0).deletingLastPathComponent().path }) {
                    // One line for the set; the files and their SHA-256 are in its manifest.json.
                    print("reports: \(summary.reports.count) files in \(folder) (see its manifest.json)")
                }
            }
            if summary.outcome == "failed" || summary.files.contains(where: { $0.fatal != nil }) { throw ExitCode(3) }
        }

        /// `--dry-run`: the run's plan, decided as the run decides, against the store read-only
        /// (or no store yet); nothing is written.
        func showPlan(_ definition: PipelineDefinition, _ reportOptions: ReportOptions) throws {
            let exists: Bool
            if case .file(let path) = storeOptions.location { exists = FileManager.default.fileExists(atPath: path) } else { exists = true }
            let store = exists ? try storeOptions.openReader() : nil
            let plan: RunPlan
            do { plan = try RunPlan(definition, store: store, report: reportOptions) } catch { throw CommandFailure.store(error) }
            print("dry run of \(pipeline) (\(definition.name)): nothing is written")
            if !exists { print("store \(storeOptions.storePath) does not exist yet: the run would create it") }
            for line in plan.lines() { print(line) }
        }
    }
}
