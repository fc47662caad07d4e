package import MCModel

/// A report job whose counts a ``CountingStore`` can compute in SQL: its query, and how its table
/// is made from the cells counted, the same table its ``ReportTally`` makes from streamed facts.
package protocol StoreCountedJob: ReportJob {
    var query: CellQuery { get }
    func table(counted: [CountedCell], end: PassEnd) -> ReportTable
}

extension PassEnd {
    /// The end of a pass that read `credentials` (`issued` of them issued) and the store's
    /// quarantine counts, accepted versions among them.
    init(lastBatch: FactTable?, counts: [RejectionCount], credentials: Int, issued: Int) {
        let versions = counts.filter { $0.reasonCode == RejectionCount.acceptedVersions }
        self.init(lastBatch: lastBatch, rejections: counts.filter { $0.reasonCode != RejectionCount.acceptedVersions },
                  acceptedVersions: Dictionary(versions.map { ($0.awardingBodyId ?? "", $0.count) }, uniquingKeysWith: +),
                  credentials: credentials, issued: issued)
    }
}

extension ReportContext {
    /// The tables of `jobs`, in order, and what the pass saw. On a store that counts in SQL
    /// (``CountingStore``), with ``countsInStore`` and every job a ``StoreCountedJob``, the store
    /// counts them all in one snapshot and no credential is streamed (the rows' cell keys are 0
    /// unless ``method`` is the cell key method); otherwise one pass streams the credentials to
    /// the jobs' tallies.
    package func pass(jobs: [any ReportJob]) throws -> (tables: [ReportTable], end: PassEnd) {
        if countsInStore, case .store(let store) = source, let counting = store as? any CountingStore {
            let counted = jobs.compactMap { $0 as? any StoreCountedJob }
            if counted.count == jobs.count {
                // Suppression reads no cell keys: their sums are left out (0).
                var keySums = false
                if case .cellKey = method { keySums = true }
                let counts = try counting.count(counted.map { job in
                    var query = job.query
                    query.keySums = keySums
                    return query
                })
                let end = PassEnd(lastBatch: nil, counts: counts.rejections, credentials: counts.credentials, issued: counts.issued)
                return (zip(counted, counts.cells).map { $0.table(counted: $1, end: end) }, end)
            }
        }
        return try pass(jobs.map { $0.makeTally() })
    }
}
