import Foundation
package import GRDB
package import MCModel

/// Everything reports need, held in memory as whole facts: for tests and small inputs (reports
/// stream the store itself, see ``Store/readSnapshot(sortingThreads:_:)``).
package struct StoreSnapshot: Sendable {
    /// Every stored credential (issued and revoked), in key order.
    package var credentials: [CredentialFact]
    /// Quarantined records per awarding body and reason.
    package var rejections: [RejectionCount]

    package init(credentials: [CredentialFact], rejections: [RejectionCount]) {
        self.credentials = credentials
        self.rejections = rejections
    }
}

/// How many records of one awarding body were quarantined for one reason.
package struct RejectionCount: Sendable, Equatable, FetchableRecord {
    /// Nil when the record named no awarding body.
    package var awardingBodyId: String?
    package var reasonCode: String
    package var count: Int

    /// The pseudo reason under which ``Store/readSnapshot(sortingThreads:_:)`` also counts each
    /// awarding body's accepted versions (every version imported, not only the stored one).
    package static let acceptedVersions = "(accepted versions)"

    package init(awardingBodyId: String?, reasonCode: String, count: Int) {
        self.awardingBodyId = awardingBodyId
        self.reasonCode = reasonCode
        self.count = count
    }

    package init(row: Row) throws {
        awardingBodyId = row["awarding_body_id"]
        reasonCode = row["reason_code"]
        count = row["n"]
    }
}
