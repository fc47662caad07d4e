/// Statistical disclosure control, applied once to a merged report.
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

    /// How the control sees one row.
    public struct CellView: Sendable {
        public var group: [String]
        public var isTotal: Bool
        public var credentials: Int
        /// Distinct learners, when the report counts them.
        public var learners: Int?

        public init(group: [String], isTotal: Bool, credentials: Int, learners: Int?) {
            self.group = group
            self.isTotal = isTotal
            self.credentials = credentials
            self.learners = learners
        }
    }

    /// Whether a cell is small enough to be suppressed by itself.
    public func isSmall(credentials: Int, learners: Int?) -> Bool {
        guard threshold > 1 else { return false }
        if credentials > 0 && credentials < threshold { return true }
        if let learners, learners > 0 && learners < threshold { return true }
        return false
    }

    /// Suppresses rows of `table` in place. `view` tells, for each row, its group, whether it is
    /// the group's total, and its counts. Suppressed rows lose their measures.
    public func apply(to table: inout ReportTable, view: (ReportRow) -> CellView) {
        guard threshold > 1 else { return }
        let views = table.rows.map(view)
        var status = table.rows.map(\.status)
        for index in views.indices where isSmall(credentials: views[index].credentials, learners: views[index].learners) {
            status[index] = .primary
        }
        var groups: [[String]: [Int]] = [:]
        for index in views.indices { groups[views[index].group, default: []].append(index) }
        for (_, members) in groups {
            let details = members.filter { !views[$0].isTotal }
            guard let total = members.first(where: { views[$0].isTotal }), !status[total].isSuppressed else { continue }
            while details.filter({ status[$0].isSuppressed }).count == 1 {
                // The smallest published detail cell, ties broken by row order (rows are sorted).
                let candidate = details
                    .filter { !status[$0].isSuppressed }
                    .min { (views[$0].credentials, views[$0].learners ?? 0, $0) < (views[$1].credentials, views[$1].learners ?? 0, $1) }
                if let candidate {
                    status[candidate] = .secondary
                } else {
                    status[total] = .secondary
                    break
                }
            }
        }
        for index in table.rows.indices where status[index].isSuppressed {
            table.rows[index].status = status[index]
            table.rows[index].measures = table.rows[index].measures.map { _ in nil }
        }
    }
}
