/// Statistical disclosure control, applied once to a merged report, the same way for every
/// report that counts people or awards.
///
/// Primary: a cell with `0 < credentials < k` or `0 < learners < k` is suppressed (`C`).
/// Secondary: within each group of cells that adds up to a published total, a suppressed cell is
/// never the only suppressed one: the next-smallest published cell of the group is suppressed
/// (`D`); when no other cell is left, the total itself is. `k = 1` disables suppression.
public struct DisclosureControl: Sendable {
    public let threshold: Int

    public init(threshold: Int) {
        self.threshold = max(1, threshold)
    }

    /// Whether a cell is small enough to be suppressed by itself.
    public func isSmall(credentials: Int?, learners: Int?) -> Bool {
        guard threshold > 1 else { return false }
        if let credentials, credentials > 0 && credentials < threshold { return true }
        if let learners, learners > 0 && learners < threshold { return true }
        return false
    }

    /// Suppresses rows of `table` in place, by its ``DisclosureLayout``. Suppressed rows lose
    /// their measures. Tables without a layout are left as they are.
    public func apply(to table: inout ReportTable) {
        guard threshold > 1, let layout = table.disclosure else { return }
        let rows = table.rows
        var status = rows.map(\.status)
        for index in rows.indices where isSmall(credentials: rows[index].count(layout.credentialsMeasure),
                                                learners: rows[index].count(layout.learnersMeasure)) {
            status[index] = .primary
        }
        func isTotal(_ row: ReportRow) -> Bool {
            row.dimensions.count > layout.groupLength && row.dimensions[layout.groupLength...].allSatisfy { $0 == Codes.total }
        }
        var groups: [ArraySlice<String>: [Int]] = [:]
        for index in rows.indices { groups[rows[index].dimensions.prefix(layout.groupLength), default: []].append(index) }
        for members in groups.values {
            guard let total = members.first(where: { isTotal(rows[$0]) }), !status[total].isSuppressed else { continue }
            let details = members.filter { !isTotal(rows[$0]) }
            func size(_ index: Int) -> (Int, Int, Int) {
                (rows[index].count(layout.credentialsMeasure) ?? rows[index].count(layout.learnersMeasure) ?? 0,
                 rows[index].count(layout.learnersMeasure) ?? 0, index)
            }
            while details.filter({ status[$0].isSuppressed }).count == 1 {
                // The smallest published cell of the group; ties go to the first in row order.
                if let candidate = details.filter({ !status[$0].isSuppressed }).min(by: { size($0) < size($1) }) {
                    status[candidate] = .secondary
                } else {
                    status[total] = .secondary
                    break
                }
            }
        }
        for index in rows.indices where status[index].isSuppressed {
            table.rows[index].status = status[index]
            table.rows[index].measures = table.rows[index].measures.map { _ in nil }
        }
    }
}
