import MCPipeline

/// What the service answers for an accepted upload, and later for `GET /api/v1/submissions/{id}`:
/// where the file landed, its SHA-256, when it arrived, its counts and the validation report
/// (the `validate --format json` document). The same bytes sent twice give the same receipt.
public struct Receipt: Sendable, Codable, Equatable {
    /// Random, not sequential: one institution cannot guess another's.
    public var id: String
    public var awardingBody: String
    public var sha256: String
    /// ISO 8601, UTC.
    public var receivedAt: String
    /// Where it landed, relative to the inbox: `<awarding body>/<received-at>-<sha256 prefix>.<ext>`.
    public var file: String
    /// The file's name as the institution gave it (`?filename=`), when it did.
    public var name: String?
    public var bytes: Int
    public var format: String?
    public var counts: Totals
    /// The validation report with at most the first 100 issues of each reason; left out of lists.
    public var validation: FilesSummary?
    /// Every issue of the upload counted by reason code.
    public var issueCounts: [String: Int]?
    /// Where the full validation report (every issue, the `validate --format json` document) is
    /// streamed from.
    public var validationReport: String?

    enum CodingKeys: String, CodingKey {
        case id, sha256, file, name, bytes, format, counts, validation
        case awardingBody = "awarding_body", receivedAt = "received_at", issueCounts = "issue_counts",
             validationReport = "validation_report"
    }

    /// The receipt as lists show it: without the validation report.
    public var summary: Receipt {
        var copy = self
        copy.validation = nil
        return copy
    }
}
