/// How many records of one awarding body were quarantined for one reason.
package struct RejectionCount: Sendable, Equatable {
    /// Nil when the record named no awarding body.
    package var awardingBodyId: String?
    package var reasonCode: String
    package var count: Int

    /// The pseudo reason under which ``StoredFacts/readSnapshot(sortingThreads:_:)`` also counts each
    /// awarding body's accepted versions (every version imported, not only the stored one).
    package static let acceptedVersions = "(accepted versions)"

    package init(awardingBodyId: String?, reasonCode: String, count: Int) {
        self.awardingBodyId = awardingBodyId
        self.reasonCode = reasonCode
        self.count = count
    }
}
