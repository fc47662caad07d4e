import Foundation
package import MCModel
internal import MCNormalize
package import MCPipeline

/// What became of a complete upload.
package enum SubmissionOutcome: Sendable {
    /// Validated and landed in the inbox: a new receipt.
    case landed(Receipt)
    /// The same bytes were received for this awarding body before: the earlier receipt, nothing landed.
    case repeated(Receipt)
    /// The file could not be read at all (not a format mcstat reads, damaged, unsafe): nothing
    /// landed; the validation report says why.
    case unreadable(FilesSummary)
    /// The file was read but held no record (a header only, say): nothing landed.
    case empty(FilesSummary)
}

/// Takes complete uploads: validates them with exactly the rules of `validate` (records of an
/// awarding body the submission is not for are rejected), lands them in the inbox and records
/// their receipts.
package struct SubmissionDesk: Sendable {
    package let inbox: InboxFolder
    package let ledger: SubmissionLedger
    /// Largest upload in bytes (`--max-upload`).
    package let maxUpload: Int

    /// The day uploads are validated on; nil: each upload's day in UTC by the clock.
    package let today: CalendarDate?

    package init(inbox: InboxFolder, ledger: SubmissionLedger, maxUpload: Int, today: CalendarDate? = nil) {
        self.inbox = inbox
        self.ledger = ledger
        self.maxUpload = maxUpload
        self.today = today
    }

    /// A writer for a new upload in the staging folder, refusing more than `limit` bytes.
    package func openUpload(limit: Int? = nil) throws(ServeError) -> UploadWriter {
        try UploadWriter(directory: inbox.staging, limit: min(limit ?? maxUpload, maxUpload))
    }

    /// Validates a staged upload for `awardingBody` (one of `account`'s), lands it and records
    /// its receipt. The staged file is gone afterwards, landed or removed. The full validation
    /// report is written to a file while the upload is read (kept beside a landed upload's
    /// receipt); the receipt holds the counts and the first issues of each reason, so memory
    /// does not grow with the number of issues.
    package func submit(_ upload: StagedUpload, awardingBody: String, account: Account, name given: String? = nil,
                       now: Date = Date()) throws(ServeError) -> SubmissionOutcome {
        var landed = false
        defer { if !landed { upload.discard() } }
        if let earlier = try ledger.receipt(awardingBody: awardingBody, sha256: upload.sha256) {
            return .repeated(earlier)
        }
        let id = AccessToken.randomHex(bytes: 16)
        let reportFile = try ValidationReportFile(path: inbox.validationReport(id: id))
        defer { if !landed { reportFile.remove() } }
        let sampler = IssueSampler()
        let writer = FilesReportWriter(style: .json, write: reportFile.write, observe: sampler.observe)
        // The rules of `validate`, under the policy the nightly run applies to this body's inbox folder.
        let policy = SourcePolicy(awardingBodies: [awardingBody])
        let inputs = SourceGlob.files([upload.path], globbing: false)
        let service = IngestService(normalizer: Normalizer(pseudonymizer: .withoutKeys, today: today ?? Normalizer.utcToday()), progress: ProgressMeter(quiet: true))
        var name: String?
        var files: [FileReport] = []
        do {
            for input in inputs {
                var report = service.validate(input, policy: policy, issues: writer.issues)
                let landingName = name ?? inbox.name(awardingBody: awardingBody, receivedAt: now, sha256: upload.sha256,
                                                     fileExtension: inputs.count == 1 && report.path == upload.path ? Self.fileExtension(format: report.format) : "zip")
                name = landingName
                report = Self.renamed(report, from: upload.path, to: landingName)
                try writer.add(report)
                report.issues = sampler.takeFileIssues()
                files.append(report)
            }
            try writer.finish()
            try reportFile.finish()
        } catch let error as ServeError {
            throw error
        } catch {
            throw .inbox(path: reportFile.path, reason: "cannot write the validation report: \(error)")
        }
        let summary = FilesSummary(files: files)
        guard let name, !files.contains(where: { $0.fatal != nil }) else { return .unreadable(summary) }
        guard summary.totals.read > 0 else { return .empty(summary) }
        let receipt = Receipt(id: id, awardingBody: awardingBody, sha256: upload.sha256,
                              receivedAt: ServiceDatabase.timestamp(now), file: name, name: given, bytes: upload.bytes,
                              format: files.count == 1 && files[0].path == name ? files[0].format : "zip",
                              counts: summary.totals, validation: summary, issueCounts: sampler.counts,
                              validationReport: "/api/v1/submissions/\(id)/validation")
        let outcome = try ledger.record(receipt, accountId: account.id, inbox: inbox.id) { () throws(ServeError) in
            try inbox.land(upload, as: name)
            landed = true
        }
        return outcome.isNew ? .landed(outcome.receipt) : .repeated(outcome.receipt)
    }

    /// The extension the landed file gets, from the format recognised in it.
    static func fileExtension(format: String?) -> String {
        switch format {
        case "csv": "csv"
        case "xml", "elm-xml": "xml"
        case "jsonl": "jsonl"
        case "json", "elm-jsonld", "ob3": "json"
        default: "bin"
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
