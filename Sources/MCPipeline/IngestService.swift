internal import Crypto
import Foundation
package import MCIngest
package import MCModel
package import MCNormalize
package import MCStore

/// Reads files through the right reader and the normalizer: `validate` (nothing stored) and
/// `ingest` (one transaction per file into the store).
package struct IngestService {
    package let normalizer: Normalizer
    package let progress: ProgressMeter
    /// Threads that normalize records while another reads them; 1 reads and normalizes on the
    /// calling thread. The outcome is the same either way, record for record.
    package let workers: Int

    /// - Parameter workers: normalizing threads; 0 means one per core.
    package init(normalizer: Normalizer, progress: ProgressMeter, workers: Int = 0) {
        self.normalizer = normalizer
        self.progress = progress
        self.workers = workers > 0 ? workers : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Reads and normalizes an input, storing nothing. An input that could not even be
    /// expanded (a damaged archive) reports its error.
    package func validate(_ input: Result<InputFile, IngestError>, profile: CSVProfile? = nil,
                         policy: SourcePolicy = .open, issues spool: IssueSpool? = nil) -> FileReport {
        switch input {
        case .success(let file): return validate(file, profile: profile, policy: policy, issues: spool)
        case .failure(let error): return FileReport(failed: error)
        }
    }

    /// Reads and normalizes `file` (a CSV through `profile` when given, under the source's
    /// `policy`: allowed awarding bodies, defaults), storing nothing. Issues go to `spool` when
    /// given, else they are kept in the report.
    package func validate(_ file: InputFile, profile: CSVProfile? = nil, policy: SourcePolicy = .open,
                         issues spool: IssueSpool? = nil) -> FileReport {
        if let reason = file.skipReason { return FileReport(notRead: file.displayPath, reason: reason, spool: spool) }
        var report = FileReport(path: file.displayPath)
        do {
            var reader = try ReaderFactory.open(path: file.path, displayPath: file.displayPath, profile: profile)
            let normalizer = normalizer.with(profile: profile, policy: policy)
            // A clean record that plainly meets every rule has nothing to report: no need to build it.
            let quick = QuickCheck(normalizer)
            try read(&reader, into: &report, spool: spool, normalizer: normalizer,
                     shortcut: quick.map { check in { cells in check.accepts(cells) ? RecordTally.clean : nil } },
                     finish: RecordTally.init, tally: { $0 }) { _ in }
        } catch let error as IngestError {
            report.fail(error)
        } catch {
            report.fatal = FatalError(code: "internal", message: "\(error)")
        }
        return report
    }

    /// Validates and stores an input; an input that could not be expanded reports its error.
    package func ingest(_ input: Result<InputFile, IngestError>, profile: CSVProfile? = nil, policy: SourcePolicy = .open,
                       into store: any PipelineStore, runId: Int64?, issues spool: IssueSpool? = nil) throws(StoreError) -> FileReport {
        switch input {
        case .success(let file): return try ingest(file, profile: profile, policy: policy, into: store, runId: runId, issues: spool)
        case .failure(let error): return FileReport(failed: error, skipped: false)
        }
    }

    /// Validates and stores `file` (a CSV through `profile` when given, under the source's
    /// `policy`) in one transaction. A file whose SHA-256 was imported before is skipped; a file
    /// that cannot be read leaves the store untouched. A record identical to a version already
    /// replaced by a newer one is counted `stale`, with a warning naming the replacing import.
    /// Issues go to `spool` when given, else they are kept in the report.
    package func ingest(_ file: InputFile, profile: CSVProfile? = nil, policy: SourcePolicy = .open,
                       into store: any PipelineStore, runId: Int64?, issues spool: IssueSpool? = nil) throws(StoreError) -> FileReport {
        precondition(normalizer.pseudonymizer.computesKeys, "a store needs learner keys: ingest with a keyed pseudonymizer")
        let keyer = normalizer.pseudonymizer.recordKeyer
        let path = file.displayPath
        if let reason = file.skipReason {
            var report = FileReport(notRead: path, reason: reason, spool: spool)
            report.skipped = false
            return report
        }
        var report = FileReport(path: path)
        report.skipped = false
        report.stale = 0
        let digest: String
        var reader: any RecordReader
        do {
            let seen = try IngestService.earlierImport(of: file, policy: policy, in: store)
            digest = seen.digest
            if let earlier = seen.earlier {
                report.skipped = true
                report.format = earlier.format
                return report
            }
            reader = try ReaderFactory.open(path: file.path, displayPath: path, profile: profile)
        } catch let error as IngestError {
            report.fail(error)
            return report
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path: store.path, operation: "import \(path)", reason: "\(error)")
        }
        do {
            _ = try store.importFile(path: path, sha256: digest, binding: policy.binding, format: reader.format.rawValue,
                                     runId: runId) { sink in
                var staleIssues: [ValidationIssue] = []
                var bodies: [String: BodyTally] = [:]
                // Records that could not be read apart, waiting for the next record's line.
                var unreadable: [(id: Int64, lines: RecordBytes.Lines)] = []
                var openUnreadable: [Int] = []
                try read(&reader, into: &report, spool: spool, normalizer: normalizer.with(profile: profile, policy: policy),
                         finish: { StoredRecord($0, keyer: keyer) }, tally: \.tally) { stored in
                    if let line = stored.line {
                        for index in openUnreadable where line > unreadable[index].lines.first { unreadable[index].lines.next = line }
                        openUnreadable.removeAll { unreadable[$0].lines.next != nil }
                    }
                    switch stored.action {
                    case .accept(let row, let provenance):
                        try sink.accept(row, provenance: provenance, warnings: stored.tally.warnings.count)
                        bodies[row.awardingBodyId, default: BodyTally()].read += 1
                    case .quarantine(let rejection, let raw):
                        let body = policy.attribution(for: ImportSink.awardingBody(of: rejection))
                        let id = try sink.quarantine(rejection, warnings: stored.tally.warnings.count, awardingBody: body, raw: raw)
                        if rejection.issue.code == .malformedRow, rejection.values.isEmpty, let line = rejection.provenance.line {
                            unreadable.append((id, RecordBytes.Lines(first: line)))
                            openUnreadable.append(unreadable.count - 1)
                        }
                        bodies[body ?? IngestService.unknownBody, default: BodyTally()].read += 1
                        bodies[body ?? IngestService.unknownBody, default: BodyTally()].rejected += 1
                    }
                }
                if let located = RecordBytes.locate(unreadable.map(\.lines), in: file.path) {
                    for (entry, bytes) in zip(unreadable, located) {
                        try sink.recordBytes(ofQuarantined: entry.id, start: bytes.start, end: bytes.end, sha256: bytes.sha256)
                    }
                }
                // Stale warnings go to the spool a chunk at a time, not all at once at the end.
                try sink.settle { stale in
                    staleIssues.append(IngestService.staleWarning(credentialId: stale.credentialId, provenance: stale.provenance,
                                                                  replacedBy: stale.replacedBy))
                    if staleIssues.count == IngestService.staleChunk {
                        report.addStale(staleIssues, spool: spool)
                        staleIssues.removeAll(keepingCapacity: true)
                    }
                }
                report.addStale(staleIssues, spool: spool)
                report.awardingBodies = bodies
                sink.addWarnings(report.fileWarnings + (report.stale ?? 0))
            }
        } catch let error as IngestError {
            // The transaction was rolled back: nothing of this file is stored.
            spool?.reset()
            report = FileReport(path: path, format: reader.format.rawValue)
            report.skipped = false
            report.fail(error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path: store.path, operation: "import \(path)", reason: "\(error)")
        }
        return report
    }

    /// How many stale warnings are made before they are handed to the spool.
    static let staleChunk = 1024

    /// Where records that name no awarding body are tallied.
    package static let unknownBody = "(no awarding body)"

    /// The warning for a record that was not stored because a newer version replaced it.
    static func staleWarning(credentialId: String, provenance: Provenance, replacedBy newer: ImportReference) -> ValidationIssue {
        ValidationIssue(record: provenance.record, line: provenance.line, pointer: provenance.pointer, field: .credentialId,
                        code: .staleVersion, severity: .warning, value: credentialId,
                        message: "this version of '\(credentialId)' was already replaced by a newer one from \(newer.description); the newer version stays",
                        hint: "send the corrected record, not an old export; the record is counted stale")
    }

    /// The shared loop: normalize each record of `reader` and `finish` it (on other threads
    /// when there are workers), count it, hand it on, in file order.
    private func read<Output: PipelineOutput>(_ reader: inout any RecordReader, into report: inout FileReport, spool: IssueSpool?,
                                              normalizer: Normalizer, shortcut: (@Sendable (FieldCells) -> Output?)? = nil,
                                              finish: @escaping @Sendable (NormalizedRecord) -> Output,
                                              tally: (Output) -> RecordTally, handle: (Output) throws -> Void) throws {
        report.format = reader.format.rawValue
        progress.begin(report.path, path: report.path)
        defer { progress.end() }
        var fileIssueCount = 0
        func takeFileIssues() {
            if reader.fileIssues.count > fileIssueCount {
                report.addFileIssues(Array(reader.fileIssues[fileIssueCount...]), spool: spool)
                fileIssueCount = reader.fileIssues.count
            }
        }
        if workers > 1 {
            let pipeline = NormalizingPipeline(reader: reader, normalizer: normalizer, workers: workers, shortcut: shortcut, finish: finish)
            let trailing = try pipeline.drain { fileIssues, output in
                if !fileIssues.isEmpty { report.addFileIssues(fileIssues, spool: spool) }
                guard let output else { return }
                report.count(tally(output), spool: spool)
                try handle(output)
                progress.tick(records: report.read)
            }
            if !trailing.isEmpty { report.addFileIssues(trailing, spool: spool) }
        } else {
            while let raw = try reader.next() {
                takeFileIssues()
                let output = finish(normalizer.normalize(raw))
                report.count(tally(output), spool: spool)
                try handle(output)
                progress.tick(records: report.read)
            }
            takeFileIssues()
        }
        do {
            try reader.finish()
        } catch {
            // What was read shows the file was not what it seemed (a CSV header no row fits):
            // none of it is reported, since a header's cells may be a record's values.
            spool?.reset()
            report = FileReport(path: report.path, format: report.format)
            throw error
        }
        if report.read == 0 {
            report.addFileIssues([ValidationIssue(record: nil, line: nil, field: nil, code: .noRecords, severity: .warning,
                                        message: "the file holds no records",
                                        hint: "check that the export is complete")], spool: spool)
        }
    }

    /// The file's SHA-256 and the import that already brought these bytes under this source's
    /// binding, if any: a file with one is skipped as unchanged (by ``ingest(_:profile:policy:into:runId:issues:)``,
    /// and by `run --dry-run`, which asks the same question and writes nothing).
    package static func earlierImport(of file: InputFile, policy: SourcePolicy, in store: any PipelineStore) throws -> (digest: String, earlier: ImportReceipt?) {
        let digest = try sha256(path: file.path)
        return (digest, try store.previousImport(sha256: digest, binding: policy.binding))
    }

    /// SHA-256 of a file's bytes, hex, read in chunks.
    package static func sha256(path: String) throws(IngestError) -> String {
        // Read 1 MiB at a time with read(2): FileHandle reads a file 4 KiB a call (156,000 calls
        // for a 640 MB export) whatever count it is asked for.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw .unreadable(path: path, reason: exists ? (isDirectory.boolValue ? "is a directory" : "permission denied") : "no such file")
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count == 0 { break }
            guard count > 0 else {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: errno == EISDIR ? "is a directory" : String(cString: strerror(errno)))
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return hasher.finalize().hexString
    }
}
