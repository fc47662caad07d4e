import Foundation

/// The counts behind one cell of a ``CrossTab``, however they were counted (a Swift tally or a
/// store's SQL): what its row is made from.
struct CellTotals {
    var credentials = 0
    var learners = 0
    var ectsTotal = Decimal(0)
    /// Learners who hold two or more credentials in the cell's group.
    var repeatLearners = 0
    /// The sums, mod 2^64, of the record keys of the credentials, of the distinct learners and
    /// of the repeat learners (the cell key method's cell keys).
    var credentialKeys: UInt64 = 0
    var learnerKeys: UInt64 = 0
    var repeatLearnerKeys: UInt64 = 0
}

extension CrossTab {
    /// The row of the cell `key` (`country` first) with `totals`.
    func row(_ key: [String], _ totals: CellTotals) -> ReportRow {
        var keys = CellKeys(credentials: totals.credentialKeys, learners: totals.learnerKeys)
        if let shareMultiple = measures.firstIndex(of: .shareMultiple) {
            keys.shares[shareMultiple] = ShareKeys(numerator: totals.repeatLearnerKeys, denominator: totals.learnerKeys)
        }
        return ReportRow(dimensions: key, measures: measures.map { spec in
            switch spec {
            case .credentials: .count(totals.credentials)
            case .learners: .count(totals.learners)
            case .ectsTotal: .decimal(DecimalFormat.fixed(totals.ectsTotal, places: 2))
            case .shareMultiple: .share(totals.repeatLearners, of: totals.learners)
            default: nil
            }
        }, counts: CellCounts(credentials: totals.credentials, learners: totals.learners), keys: keys)
    }

    /// The query that counts this table's cells in SQL: every cell, and the `_T` total of each
    /// group of ``totalsOver`` leading dimensions.
    var query: CellQuery {
        var sets = [Array(sql.indices)]
        if let totalsOver { sets.append(Array(0..<(totalsOver - 1))) }
        var aggregates: [CellAggregate] = [.credentials(filter: nil), .learners(filter: nil)]
        if measures.contains(.ectsTotal) { aggregates.append(.ectsSum) }
        if measures.contains(.shareMultiple) { aggregates.append(.repeatLearners(groupDimensions: (totalsOver ?? 1) - 1)) }
        return CellQuery(dimensions: sql, groupingSets: sets, aggregates: aggregates)
    }

    /// The table of the cells a store counted with ``query``.
    func table(counted: [CountedCell]) -> ReportTable {
        table(rows: counted.map { cell in
            let values = cell.values
            var totals = CellTotals(credentials: values[0].count, learners: values[1].count,
                                    credentialKeys: values[0].keys, learnerKeys: values[1].keys)
            var next = 2
            if measures.contains(.ectsTotal) {
                totals.ectsTotal = values[next].sum
                next += 1
            }
            if measures.contains(.shareMultiple) {
                totals.repeatLearners = values[next].count
                totals.repeatLearnerKeys = values[next].keys
            }
            return row(cell.codes, totals)
        })
    }
}

/// A report that is one ``CrossTab``: its tally and its store-counted form both come from it.
protocol CrossTabJob: StoreCountedJob {
    var tab: CrossTab { get }
}

extension CrossTabJob {
    package func makeTally() -> any ReportTally { tab.makeTally() }
    package var query: CellQuery { tab.query }
    package func table(counted: [CountedCell], end: PassEnd) -> ReportTable { tab.table(counted: counted) }
}
