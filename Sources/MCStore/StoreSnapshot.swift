import Foundation
import GRDB
import MCModel

/// Everything reports need, held in memory as whole facts: for tests and small inputs (reports
/// stream the store itself, see ``Store/readSnapshot(sortingThreads:_:)``).
public struct StoreSnapshot: Sendable {
    /// Every stored credential (issued and revoked), in key order.
    public var credentials: [CredentialFact]
    /// Quarantined records per awarding body and reason.
    public var rejections: [RejectionCount]

    public init(credentials: [CredentialFact], rejections: [RejectionCount]) {
        self.credentials = credentials
        self.rejections = rejections
    }
}

/// How many records of one awarding body were quarantined for one reason.
public struct RejectionCount: Sendable, Equatable, FetchableRecord {
    /// Nil when the record named no awarding body.
    public var awardingBodyId: String?
    public var reasonCode: String
    public var count: Int

    /// The pseudo reason under which ``Store/readSnapshot(sortingThreads:_:)`` also counts each
    /// awarding body's accepted versions (every version imported, not only the stored one).
    public static let acceptedVersions = "(accepted versions)"

    public init(awardingBodyId: String?, reasonCode: String, count: Int) {
        self.awardingBodyId = awardingBodyId
        self.reasonCode = reasonCode
        self.count = count
    }

    public init(row: Row) throws {
        awardingBodyId = row["awarding_body_id"]
        reasonCode = row["reason_code"]
        count = row["n"]
    }
}
