import Foundation
import MCAggregate
import MCReport
import MCStore

/// What to report and how.
public struct ReportOptions: Sendable, Equatable {
    public var outputDirectory: String
    public var minCell: Int
    public var formats: [String]
    public var only: [String]
    /// Concurrent jobs; 0 = one per core.
    public var jobs: Int

    public init(outputDirectory: String = "reports", minCell: Int = 5, formats: [String] = ["csv"],
                only: [String] = ReportCatalog.all.map(\.name), jobs: Int = 0) {
        self.outputDirectory = outputDirectory
        self.minCell = minCell
        self.formats = formats
        self.only = only
        self.jobs = jobs
    }
}

/// A file a report run wrote.
public struct WrittenFile: Sendable, Equatable {
    public var report: String
    public var path: String
    public var rows: Int
}

/// Computes the chosen reports over one snapshot of the store and writes them.
public enum ReportService {
    public static func run(store: Store, options: ReportOptions) throws -> [WrittenFile] {
        let runner = JobRunner(maxConcurrency: options.jobs)
        let context = ReportContext(credentials: try store.issuedCredentials(), minCell: options.minCell, runner: runner)
        let jobs = options.only.compactMap(ReportCatalog.job(named:))
        let tables = runner.map(jobs.map { JobBox(job: $0) }) { $0.job.run(in: context) }
        let writers = options.formats.compactMap(ReportWriters.writer(for:))
        do {
            try FileManager.default.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.output(path: options.outputDirectory, reason: "\(error)")
        }
        var written: [WrittenFile] = []
        for table in tables {
            for writer in writers {
                let path = (options.outputDirectory as NSString).appendingPathComponent(writer.fileName(for: table))
                do {
                    try Data(writer.render(table)).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    throw PipelineError.output(path: path, reason: "\(error)")
                }
                written.append(WrittenFile(report: table.name, path: path, rows: table.rows.count))
            }
        }
        return written
    }
}

/// Carries a job across the runner (jobs are Sendable values).
struct JobBox: Sendable {
    let job: any ReportJob
}
