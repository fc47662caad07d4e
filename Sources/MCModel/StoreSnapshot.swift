
/// Everything reports need, held in memory as whole facts: for tests and small inputs (reports
/// stream the store itself, see ``StoredFacts/readSnapshot(sortingThreads:_:)``).
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
