/// What report passes read: one consistent snapshot of a store's facts. A store makes them (the
/// SQLite store, the PostgreSQL store); the jobs count them without knowing which store it is.
package protocol StoredFacts: Sendable {
    /// Hands every stored credential (issued and revoked) to `visit` one at a time, in
    /// learner-key order, so that a reader can number learners without keeping their keys; then
    /// returns the quarantine counts per awarding body and reason, with each body's count of
    /// accepted versions under ``RejectionCount/acceptedVersions``. One consistent snapshot. The
    /// store may sort on up to `sortingThreads` helper threads besides the caller's. What it holds
    /// at once does not grow with the store.
    func readSnapshot(sortingThreads: Int, _ visit: (CredentialFact) -> Void) throws -> [RejectionCount]
}
