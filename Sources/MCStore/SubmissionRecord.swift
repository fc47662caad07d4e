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

    package init(id: String, accountId: String, awardingBodyId: String, sha256: String, receivedAt: String,
                 file: String, bytes: Int, receipt: String, summary: String) {
        self.id = id
        self.accountId = accountId
        self.awardingBodyId = awardingBodyId
        self.sha256 = sha256
        self.receivedAt = receivedAt
        self.file = file
        self.bytes = bytes
        self.receipt = receipt
        self.summary = summary
    }
}

/// A landed raw upload as the retention sweep sees it.
package struct LandedFile: Sendable, Equatable, Codable {
    package var submissionId: String
    package var awardingBodyId: String
    package var sha256: String
    /// The file's path in the inbox.
    package var file: String

    package init(submissionId: String, awardingBodyId: String, sha256: String, file: String) {
        self.submissionId = submissionId
        self.awardingBodyId = awardingBodyId
        self.sha256 = sha256
        self.file = file
    }
}
