/// Statistical disclosure control, applied once to the whole catalogue after every report's
/// partial results are merged (reports.md, "Disclosure control").
///
/// - Primary: a cell with `0 < credentials < k` or `0 < learners < k` is suppressed (`C`);
///   learners are checked behind every cell, published or not.
/// - Secondary: in every group of cells that adds up to a published figure, a suppressed cell is
///   never the only suppressed one, and the suppressed cells together hold 0 or at least `k` (in
///   every count the report publishes): the next-smallest published cell is suppressed (`D`) until
///   they do; when no cell is left, the total itself is. A suppressed total is never the sum of
///   published cells either.
/// - One total, one status: the (country, year) total is one figure in every report; the months of
///   `trend` and the cells that make up a share's numerator are groups too.
/// - Shares: published only when numerator, denominator and difference are each 0 or at least
///   `k` and the cell is published; otherwise withheld. When the cells that make up a share's
///   numerator need protecting, the share is withheld rather than another cell suppressed.
///
/// Rules are applied until nothing changes. `k = 1` disables suppression.
package struct DisclosureControl: Sendable {
    package let threshold: Int
    package let policy: DisclosurePolicy

    package init(threshold: Int, policy: DisclosurePolicy = .standard) {
        self.threshold = max(1, threshold)
        self.policy = policy
    }

    /// Whether a cell is small enough to be suppressed by itself.
    package func isSmall(credentials: Int?, learners: Int?) -> Bool {
        guard threshold > 1 else { return false }
        return [credentials, learners].contains { isSmall($0) }
    }

    private func isSmall(_ count: Int?) -> Bool {
        guard let count else { return false }
        return count > 0 && count < threshold
    }

    /// Protects one table on its own (its groups, its shares).
    package func apply(to table: inout ReportTable) {
        var tables = [table]
        apply(to: &tables)
        table = tables[0]
    }

    /// Protects the catalogue `tables` as a whole, in place: suppressed rows lose their measures
    /// and get status `C` or `D`; withheld shares of published rows become nil and are listed in
    /// the row's `withheld`. Tables without a ``DisclosureLayout`` are left as they are.
    package func apply(to tables: inout [ReportTable]) {
        guard threshold > 1 else { return }
        var graph = DisclosureGraph(tables: tables, policy: policy)
        for node in graph.nodes.indices where isPrimary(graph.nodes[node]) {
            graph.setStatus(.primary, of: node)
        }
        var changed = true
        while changed {
            changed = false
            for (follower, leader) in graph.follows where graph.isSuppressed(leader) && !graph.isSuppressed(follower) {
                graph.setStatus(.secondary, of: follower)
                changed = true
            }
            for group in graph.groups {
                if protect(group, in: &graph) { changed = true }
            }
        }
        for position in tables.indices where !graph.rowNodes[position].isEmpty {
            for (index, node) in graph.rowNodes[position].enumerated() {
                let status = graph.nodes[node].status
                if status.isSuppressed {
                    tables[position].rows[index].status = status
                    tables[position].rows[index].measures = tables[position].rows[index].measures.map { _ in nil }
                    continue
                }
                for (measure, parts) in graph.shareParts[position][index] ?? [:]
                where [parts.denominator, parts.numerator, parts.difference].contains(where: graph.isSuppressed) {
                    tables[position].rows[index].measures[measure] = nil
                    tables[position].rows[index].withheld.insert(measure)
                }
            }
        }
    }

    private func isPrimary(_ node: DisclosureGraph.Node) -> Bool {
        isSmall(credentials: node.credentials, learners: node.isSharePart || policy.checksLearners ? node.learners : nil)
    }

    /// Suppresses one more node of `group` when it needs it; returns whether it did.
    private func protect(_ group: DisclosureGraph.Group, in graph: inout DisclosureGraph) -> Bool {
        guard !group.members.isEmpty else { return false }
        let published = group.members.filter { !graph.isSuppressed($0) }
        if graph.isSuppressed(group.total) {
            // A suppressed total must not come back as the sum of its cells.
            guard published.count == group.members.count, let smallest = smallest(published, group, graph) else { return false }
            graph.setStatus(.secondary, of: smallest)
            return true
        }
        let suppressed = group.members.count - published.count
        guard suppressed > 0 else { return false }
        let residualIsSmall = group.measures.contains { measure in
            guard let total = graph.value(group.total, measure) else { return false }
            return isSmall(total - published.compactMap { graph.value($0, measure) }.reduce(0, +))
        }
        guard suppressed == 1 || residualIsSmall else { return false }
        let next = group.withholdsTotalFirst ? group.total : smallest(published, group, graph) ?? group.total
        graph.setStatus(.secondary, of: next)
        return true
    }

    /// The smallest of `nodes` in the group's first measure, then its second; ties go to the first
    /// node (row order).
    private func smallest(_ nodes: [Int], _ group: DisclosureGraph.Group, _ graph: DisclosureGraph) -> Int? {
        let measures = group.measures.isEmpty ? [DisclosureGraph.Measure.credentials] : group.measures
        return nodes.min { a, b in
            let x = measures.map { graph.value(a, $0) ?? 0 }, y = measures.map { graph.value(b, $0) ?? 0 }
            return x != y ? x.lexicographicallyPrecedes(y) : a < b
        }
    }
}
