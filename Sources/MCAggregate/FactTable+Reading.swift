import MCStore

/// The two ways to fill a ``FactTable``: from facts in memory, or streamed from the store.
extension FactTable {
    /// The table of `facts`, in their order; learner keys numbered through a dictionary (for
    /// tests and small inputs: the store is read with ``read(from:)``, which holds no keys).
    public convenience init(facts: [CredentialFact]) {
        var builder = FactTableBuilder()
        var learners = Interner<String>()
        for fact in facts { builder.append(fact, learner: learners.number(fact.learnerKey)) }
        self.init(builder)
    }

    /// Every stored credential and the quarantine counts, in one read transaction. The store hands
    /// the credentials over in learner-key order, so a learner is numbered when its key first
    /// differs from the one before: only that one key is held, and no credential outlives its row.
    public static func read(from store: Store) throws(StoreError) -> (facts: FactTable, rejections: [RejectionCount]) {
        var builder = FactTableBuilder()
        var previousKey: String?
        var learner: Int32 = -1
        let rejections = try store.readSnapshot { fact in
            if fact.learnerKey != previousKey {
                learner += 1
                previousKey = fact.learnerKey
            }
            builder.append(fact, learner: learner)
        }
        return (FactTable(builder), rejections)
    }
}
