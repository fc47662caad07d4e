import Foundation
import MCNormalize
import MCPipeline

/// What became of a complete upload.
public enum SubmissionOutcome: Sendable {
    /// Validated and landed in the inbox: a new receipt.
    case landed(Receipt)
    /// The same bytes were received for this awarding body before: the earlier receipt, nothing landed.
    case repeated(Receipt)
    /// The file could not be read at all (not a format mcstat reads, damaged, unsafe): nothing
    /// landed; the validation report says why.
    case unreadable(FilesSummary)
}

/// Takes complete uploads: validates them with exactly the rules of `validate` (records of an
/// awarding body the submission is not for are rejected), lands them in the inbox and records
/// their receipts.
public struct SubmissionDesk: Sendable {
    public let inbox: InboxFolder
    public let ledger: SubmissionLedger
    /// Largest upload in bytes (`--max-upload`).
    public let maxUpload: Int

    public init(inbox: InboxFolder, ledger: SubmissionLedger, maxUpload: Int) {
        self.inbox = inbox
        self.ledger = ledger
        self.maxUpload = maxUpload
    }

    /// A writer for a new upload in the staging folder.
    public func openUpload() throws(ServeError) -> UploadWriter {
        try UploadWriter(directory: inbox.staging, limit: maxUpload)
    }

    /// Validates a staged upload for `awardingBody` (one of `account`'s), lands it and records
    /// its receipt. The staged file is gone afterwards, landed or removed.
    public func submit(_ upload: StagedUpload, awardingBody: String, account: Account, now: Date = Date()) throws(ServeError) -> SubmissionOutcome {
        var landed = false
        defer { if !landed { upload.discard() } }
        if let earlier = try ledger.receipt(awardingBody: awardingBody, sha256: upload.sha256) {
            return .repeated(earlier)
        }
        // The rules of `validate`, under the policy the nightly run applies to this body's inbox folder.
        let policy = SourcePolicy(awardingBodies: [awardingBody])
        let reports = SourceGlob.files([upload.path], globbing: false).map { input in
            IngestService(normalizer: Normalizer(pseudonymizer: .withoutKeys), progress: ProgressMeter(quiet: true))
                .validate(input, policy: policy)
        }
        let name = inbox.name(awardingBody: awardingBody, receivedAt: now, sha256: upload.sha256,
                              fileExtension: Self.fileExtension(reports, stagedPath: upload.path))
        let summary = FilesSummary(files: reports.map { Self.renamed($0, from: upload.path, to: name) })
        if summary.files.contains(where: { $0.fatal != nil }) || summary.files.isEmpty {
            return .unreadable(summary)
        }
        let receipt = Receipt(id: AccessToken.randomHex(bytes: 16), awardingBody: awardingBody, sha256: upload.sha256,
                              receivedAt: ServiceDatabase.timestamp(now), file: name, bytes: upload.bytes,
                              format: summary.files.count == 1 && summary.files[0].path == name ? summary.files[0].format : "zip",
                              counts: summary.totals, validation: summary)
        let outcome = try ledger.record(receipt, accountId: account.id) { () throws(ServeError) in
            try inbox.land(upload, as: name)
            landed = true
        }
        return outcome.isNew ? .landed(outcome.receipt) : .repeated(outcome.receipt)
    }

    /// The extension the landed file gets, from what was recognised in it.
    static func fileExtension(_ reports: [FileReport], stagedPath: String) -> String {
        guard reports.count == 1, reports[0].path == stagedPath else { return "zip" }
        switch reports[0].format {
        case "csv": return "csv"
        case "xml", "elm-xml": return "xml"
        case "jsonl": return "jsonl"
        case "json", "elm-jsonld", "ob3": return "json"
        default: return "bin"
        }
    }

    /// The report with the staging path replaced by the name the file lands under.
    static func renamed(_ report: FileReport, from staged: String, to name: String) -> FileReport {
        var copy = report
        copy.path = report.path.replacingOccurrences(of: staged, with: name)
        copy.fatal?.message = report.fatal?.message.replacingOccurrences(of: staged, with: name) ?? ""
        return copy
    }
}
