internal import GRDB
internal import MCModel

extension RejectionCount {
    /// A row of the quarantine counts ``Store/readSnapshot(sortingThreads:_:)`` reads.
    init(row: Row) {
        self.init(awardingBodyId: row["awarding_body_id"], reasonCode: row["reason_code"], count: row["n"])
    }
}
