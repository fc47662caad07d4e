package import MCPipeline

/// What the service answers for an accepted upload, and later for `GET /api/v1/submissions/{id}`:
/// where the file landed, its SHA-256, when it arrived, its counts and the validation report
/// (the `validate --format json` document). The same bytes sent twice give the same receipt.
package struct Receipt: Sendable, Codable, Equatable {
    /// Random, not sequential: one institution cannot guess another's.
    package var id: String
    package var awardingBody: String
    package var sha256: String
    /// ISO 8601, UTC.
    package var receivedAt: String
    /// Where it landed, relative to the inbox: `<awarding body>/<received-at>-<sha256 prefix>.<ext>`.
    package var file: String
    /// The file's name as the institution gave it (`?filename=`), when it did.
    package var name: String?
    package var bytes: Int
    package var format: String?
    package var counts: Totals
    /// The validation report with at most the first 100 issues of each reason; left out of lists.
    package var validation: FilesSummary?
    /// Every issue of the upload counted by reason code.
    package var issueCounts: [String: Int]?
    /// Where the full validation report (every issue, the `validate --format json` document) is
    /// streamed from.
    package var validationReport: String?

    enum CodingKeys: String, CodingKey {
        case id, sha256, file, name, bytes, format, counts, validation
        case awardingBody = "awarding_body", receivedAt = "received_at", issueCounts = "issue_counts",
             validationReport = "validation_report"
    }

    /// The receipt as lists show it: without the validation report.
    package var summary: Receipt {
        var copy = self
        copy.validation = nil
        return copy
    }
}
