import Crypto
import Foundation
import MCIngest
import MCModel
import MCNormalize
import MCStore

/// Reads files through the right reader and the normalizer: `validate` (nothing stored) and
/// `ingest` (one transaction per file into the store).
public struct IngestService {
    public let normalizer: Normalizer
    public let progress: ProgressMeter

    public init(normalizer: Normalizer, progress: ProgressMeter) {
        self.normalizer = normalizer
        self.progress = progress
    }

    /// Reads and normalizes an input, storing nothing. An input that could not even be
    /// expanded (a damaged archive) reports its error.
    public func validate(_ input: Result<InputFile, IngestError>, profile: CSVProfile? = nil,
                         issues spool: IssueSpool? = nil) -> FileReport {
        switch input {
        case .success(let file): return validate(file, profile: profile, issues: spool)
        case .failure(let error): return FileReport(failed: error)
        }
    }

    /// Reads and normalizes `file` (a CSV through `profile` when given), storing nothing. Issues
    /// go to `spool` when given, else they are kept in the report.
    public func validate(_ file: InputFile, profile: CSVProfile? = nil, issues spool: IssueSpool? = nil) -> FileReport {
        if let reason = file.skipReason { return FileReport(notRead: file.displayPath, reason: reason, spool: spool) }
        var report = FileReport(path: file.displayPath)
        do {
            var reader = try ReaderFactory.open(path: file.path, displayPath: file.displayPath, profile: profile)
            try read(&reader, into: &report, spool: spool, normalizer: normalizer.with(profile: profile)) { _ in }
        } catch let error as IngestError {
            report.fatal = FatalError(error)
        } catch {
            report.fatal = FatalError(code: "internal", message: "\(error)")
        }
        return report
    }

    /// Validates and stores an input; an input that could not be expanded reports its error.
    public func ingest(_ input: Result<InputFile, IngestError>, profile: CSVProfile? = nil, into store: Store,
                       runId: Int64?, issues spool: IssueSpool? = nil) throws(StoreError) -> FileReport {
        switch input {
        case .success(let file): return try ingest(file, profile: profile, into: store, runId: runId, issues: spool)
        case .failure(let error): return FileReport(failed: error, skipped: false)
        }
    }

    /// Validates and stores `file` (a CSV through `profile` when given) in one transaction. A file
    /// whose SHA-256 was imported before is skipped; a file that cannot be read leaves the store
    /// untouched. Issues go to `spool` when given, else they are kept in the report.
    public func ingest(_ file: InputFile, profile: CSVProfile? = nil, into store: Store, runId: Int64?,
                       issues spool: IssueSpool? = nil) throws(StoreError) -> FileReport {
        let path = file.displayPath
        if let reason = file.skipReason {
            var report = FileReport(notRead: path, reason: reason, spool: spool)
            report.skipped = false
            return report
        }
        var report = FileReport(path: path)
        report.skipped = false
        let digest: String
        var reader: any RecordReader
        do {
            digest = try IngestService.sha256(path: file.path)
            if let earlier = try store.previousImport(sha256: digest) {
                report.skipped = true
                report.format = earlier.format
                return report
            }
            reader = try ReaderFactory.open(path: file.path, displayPath: path, profile: profile)
        } catch let error as IngestError {
            report.fatal = FatalError(error)
            return report
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path: store.path, operation: "import \(path)", reason: "\(error)")
        }
        do {
            _ = try store.importFile(path: path, sha256: digest, format: reader.format.rawValue, runId: runId) { sink in
                try read(&reader, into: &report, spool: spool, normalizer: normalizer.with(profile: profile)) { outcome in
                    switch outcome {
                    case .accepted(let credential, let provenance, let warnings):
                        try sink.accept(credential, provenance: provenance, warnings: warnings.count)
                    case .rejected(let rejection, let warnings):
                        try sink.quarantine(rejection, warnings: warnings.count)
                    }
                }
                sink.addWarnings(report.fileWarnings)
            }
        } catch let error as IngestError {
            // The transaction was rolled back: nothing of this file is stored.
            spool?.reset()
            report = FileReport(path: path, format: reader.format.rawValue)
            report.skipped = false
            report.fatal = FatalError(error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path: store.path, operation: "import \(path)", reason: "\(error)")
        }
        return report
    }

    /// The shared loop: normalize each record of `reader`, count it, hand it on.
    private func read(_ reader: inout any RecordReader, into report: inout FileReport, spool: IssueSpool?, normalizer: Normalizer,
                      handle: (NormalizedRecord) throws -> Void) throws {
        report.format = reader.format.rawValue
        progress.begin(report.path)
        defer { progress.end() }
        var fileIssueCount = 0
        func takeFileIssues() {
            if reader.fileIssues.count > fileIssueCount {
                report.addFileIssues(Array(reader.fileIssues[fileIssueCount...]), spool: spool)
                fileIssueCount = reader.fileIssues.count
            }
        }
        while let raw = try reader.next() {
            takeFileIssues()
            let outcome = normalizer.normalize(raw)
            report.count(outcome, spool: spool)
            try handle(outcome)
            progress.tick(records: report.read)
        }
        takeFileIssues()
        if report.read == 0 {
            report.addFileIssues([ValidationIssue(record: nil, line: nil, field: nil, code: .noRecords, severity: .warning,
                                        message: "the file holds no records",
                                        hint: "check that the export is complete")], spool: spool)
        }
    }

    /// SHA-256 of a file's bytes, hex, read in chunks.
    public static func sha256(path: String) throws(IngestError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw .unreadable(path: path, reason: exists ? (isDirectory.boolValue ? "is a directory" : "permission denied") : "no such file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        return hasher.finalize().hexString
    }
}
