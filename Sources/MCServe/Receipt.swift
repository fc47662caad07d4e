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
    public var bytes: Int
    public var format: String?
    public var counts: Totals
    /// The validation report; left out of lists.
    public var validation: FilesSummary?

    enum CodingKeys: String, CodingKey {
        case id, sha256, file, bytes, format, counts, validation
        case awardingBody = "awarding_body", receivedAt = "received_at"
    }
}
