package import MCModel

/// Where a report pass reads the credentials: a store, streamed (whichever kind: SQLite or
/// PostgreSQL), or facts held in memory (for tests and tools). Either way the credentials arrive grouped by learner, in ``FactTable``
/// batches, so that a report counts distinct learners by noticing when the learner changes,
/// without keeping a set of them.
package enum FactSource: Sendable {
    case store(any StoredFacts)
    case facts(StoreSnapshot)

    /// Hands every stored credential (issued and revoked) to `visit` in batches of at most
    /// `batchSize`, one learner's credentials one after another, learners numbered densely from
    /// 0; then returns the quarantine counts. One read transaction: one consistent snapshot.
    /// The store sorts on up to `sortingThreads` helper threads.
    func stream(batchSize: Int, sortingThreads: Int = 0, _ visit: (FactTable) -> Void) throws -> [RejectionCount] {
        var builder = FactTableBuilder()
        var previousKey: String?
        var learner: Int32 = -1
        func add(_ fact: CredentialFact) {
            if fact.learnerKey != previousKey {
                learner += 1
                previousKey = fact.learnerKey
            }
            builder.append(fact, learner: learner)
            if builder.records.count == batchSize { visit(builder.takeBatch()) }
        }
        let rejections: [RejectionCount]
        switch self {
        case .store(let store):
            // The store hands the credentials over in learner-key order: only the previous key is
            // held, and no credential outlives its row.
            rejections = try store.readSnapshot(sortingThreads: sortingThreads, add)
        case .facts(let snapshot):
            let order = snapshot.credentials.indices.sorted {
                (snapshot.credentials[$0].learnerKey, $0) < (snapshot.credentials[$1].learnerKey, $1)
            }
            for index in order { add(snapshot.credentials[index]) }
            rejections = snapshot.rejections
        }
        if !builder.records.isEmpty { visit(builder.takeBatch()) }
        return rejections
    }
}
