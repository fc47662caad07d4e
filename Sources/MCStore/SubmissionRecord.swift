/// One row of `submissions`: an upload that landed in the inbox, with its receipt. The receipt
/// and its summary are the service's JSON, stored as given.
package struct SubmissionRecord: Sendable, Equatable, Codable {
    package var id: String
    package var accountId: String
    package var awardingBodyId: String
    package var sha256: String
    /// ISO 8601 in UTC to the second.
    package var receivedAt: String
    /// The file's path in the inbox.
    package var file: String
    package var bytes: Int
    /// The whole receipt, as JSON.
    package var receipt: String
    /// The receipt without its validation report, as JSON (what lists show).
    package var summary: String
    /// The inbox the file landed in (its ``InboxFolder`` id): with one inbox per service, only
    /// the service holding that inbox deletes the raw upload.
    package var inbox: String?

    package init(id: String, accountId: String, awardingBodyId: String, sha256: String, receivedAt: String,
                 file: String, bytes: Int, receipt: String, summary: String, inbox: String? = nil) {
        self.id = id
        self.accountId = accountId
        self.awardingBodyId = awardingBodyId
        self.sha256 = sha256
        self.receivedAt = receivedAt
        self.file = file
        self.bytes = bytes
        self.receipt = receipt
        self.summary = summary
        self.inbox = inbox
    }
}

/// A landed raw upload as the retention sweep sees it.
package struct LandedFile: Sendable, Equatable, Codable {
    package var submissionId: String
    package var awardingBodyId: String
    package var sha256: String
    /// The file's path in the inbox.
    package var file: String
    /// The inbox it landed in; nil when that is not known (landed before the store recorded it).
    package var inbox: String?

    package init(submissionId: String, awardingBodyId: String, sha256: String, file: String, inbox: String? = nil) {
        self.submissionId = submissionId
        self.awardingBodyId = awardingBodyId
        self.sha256 = sha256
        self.file = file
        self.inbox = inbox
    }
}
