/// The catalogue as disclosure control sees it: every cell of every report, and every part of
/// every share, as a node with its counts; the groups of nodes that add up to another node; and
/// the nodes whose suppression follows another's.
///
/// With ``DisclosurePolicy/linksReports`` the (country, year) total is one node, whichever report
/// shows it (one total, one status), the months of `trend` add up to it, and a share's numerator
/// and difference add up from the cells of the report its ``Margin`` names.
struct DisclosureGraph {
    enum Measure: Sendable { case credentials, learners }

    struct Node {
        var credentials: Int?
        var learners: Int?
        /// A numerator, denominator or difference of a share: the share rule checks it whatever
        /// the policy says of learners.
        var isSharePart = false
        var status = CellStatus.published
    }

    /// Members that add up to `total`, checked in `measures`.
    struct Group {
        var total: Int
        var members: [Int]
        var measures: [Measure]
        /// Protect the group by withholding its total (a share) rather than one more of its
        /// cells, which are figures of another report.
        var withholdsTotalFirst = false
    }

    /// The nodes of one share: denominator = numerator + difference.
    struct ShareParts {
        var denominator: Int
        var numerator: Int
        var difference: Int
    }

    private(set) var nodes: [Node] = []
    private(set) var groups: [Group] = []
    /// (follower, leader): when the leader is suppressed, so is the follower.
    private(set) var follows: [(follower: Int, leader: Int)] = []
    /// Per table, the node of each row (empty for tables outside disclosure control).
    private(set) var rowNodes: [[Int]] = []
    /// Per table, per row, per measure index: the parts of a share.
    private(set) var shareParts: [[Int: [Int: ShareParts]]] = []

    init(tables: [ReportTable], policy: DisclosurePolicy) {
        var sharedTotals: [[String]: Int] = [:]
        var totals: [[[String]: Int]] = []
        var details: [[[String]: [(row: Int, node: Int)]]] = []
        var margins: [(countryYear: [String], margin: Margin, parts: ShareParts)] = []
        for table in tables {
            var tableTotals: [[String]: Int] = [:]
            var tableDetails: [[String]: [(row: Int, node: Int)]] = [:]
            var nodesOfRows: [Int] = []
            var partsOfRows: [Int: [Int: ShareParts]] = [:]
            if let layout = table.disclosure {
                for (index, row) in table.rows.enumerated() {
                    let key = layout.countryYear(of: row)
                    let cell = Node(credentials: row.counts?.credentials ?? row.count(layout.credentialsMeasure),
                                    learners: row.counts?.learners ?? row.count(layout.learnersMeasure))
                    let node: Int
                    if layout.isTotal(row) {
                        if policy.linksReports, let shared = sharedTotals[key] {
                            node = shared
                        } else {
                            node = add(cell)
                            if policy.linksReports { sharedTotals[key] = node }
                        }
                        tableTotals[key] = node
                    } else {
                        node = add(cell)
                        tableDetails[key, default: []].append((index, node))
                    }
                    nodesOfRows.append(node)
                    for (position, value) in row.measures.enumerated() {
                        guard case .share(let numerator, let denominator)? = value, let spec = table.measures[position].share else { continue }
                        let parts = addShare(numerator: numerator, denominator: denominator, unit: spec.unit, of: node)
                        partsOfRows[index, default: [:]][position] = parts
                        if policy.linksReports, let margin = spec.margin { margins.append((key, margin, parts)) }
                    }
                }
            }
            totals.append(tableTotals)
            details.append(tableDetails)
            rowNodes.append(nodesOfRows)
            shareParts.append(partsOfRows)
        }
        // Each report's (country, year) groups; the months of trend add up to the shared total.
        for (position, table) in tables.enumerated() {
            guard let layout = table.disclosure else { continue }
            var measures: [Measure] = []
            if layout.credentialsMeasure != nil { measures.append(.credentials) }
            if layout.learnersMeasure != nil && policy.checksLearners { measures.append(.learners) }
            if layout.grouping == .margins {
                groups += DisclosureGraph.marginGroups(table, nodes: rowNodes[position], measures: measures)
                continue
            }
            for (key, members) in details[position].sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                let total = layout.grouping == .months ? (policy.linksReports ? sharedTotals[key] : nil) : totals[position][key]
                guard let total else { continue }
                groups.append(Group(total: total, members: members.map(\.node), measures: measures))
            }
        }
        // Share margins: the named report's cells split into numerator and difference.
        for (key, margin, parts) in margins {
            guard let position = tables.firstIndex(where: { $0.name == margin.report }),
                  let dimension = tables[position].dimensions.firstIndex(of: margin.dimension) else { continue }
            let cells = details[position][key] ?? []
            let inside = cells.filter { margin.values.contains(tables[position].rows[$0.row].dimensions[dimension]) }.map(\.node)
            let outside = cells.filter { !margin.values.contains(tables[position].rows[$0.row].dimensions[dimension]) }.map(\.node)
            groups.append(Group(total: parts.numerator, members: inside, measures: [.credentials], withholdsTotalFirst: true))
            groups.append(Group(total: parts.difference, members: outside, measures: [.credentials], withholdsTotalFirst: true))
        }
    }

    /// The groups of a table in breakdowns with margins: for every row with `_T` at a place, the
    /// rows equal to it elsewhere with a value at that place add up to it.
    private static func marginGroups(_ table: ReportTable, nodes: [Int], measures: [Measure]) -> [Group] {
        var nodeOf: [[String]: Int] = [:]
        for (index, row) in table.rows.enumerated() { nodeOf[row.dimensions] = nodes[index] }
        var members: [[String]: [Int]] = [:]
        var order: [[String]] = []
        for (index, row) in table.rows.enumerated() {
            for place in 2..<row.dimensions.count where row.dimensions[place] != Codes.total {
                var parent = row.dimensions
                parent[place] = Codes.total
                let key = parent + [String(place)]
                if members[key] == nil { order.append(key) }
                members[key, default: []].append(nodes[index])
            }
        }
        return order.compactMap { key in
            nodeOf[Array(key.dropLast())].map { Group(total: $0, members: members[key] ?? [], measures: measures) }
        }
    }

    private mutating func add(_ node: Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    /// The three parts of a share in row node `row`: the denominator follows the row (a share is
    /// published only in a published cell), and numerator and difference add up to it.
    private mutating func addShare(numerator: Int, denominator: Int, unit: ShareSpec.Unit, of row: Int) -> ShareParts {
        func part(_ value: Int) -> Node {
            unit == .credentials ? Node(credentials: value, learners: nil, isSharePart: true)
                : Node(credentials: nil, learners: value, isSharePart: true)
        }
        let parts = ShareParts(denominator: add(part(denominator)), numerator: add(part(numerator)),
                               difference: add(part(denominator - numerator)))
        follows.append((parts.denominator, row))
        groups.append(Group(total: parts.denominator, members: [parts.numerator, parts.difference],
                            measures: [unit == .credentials ? .credentials : .learners]))
        return parts
    }

    func value(_ node: Int, _ measure: Measure) -> Int? {
        measure == .credentials ? nodes[node].credentials : nodes[node].learners
    }

    func isSuppressed(_ node: Int) -> Bool { nodes[node].status.isSuppressed }

    mutating func setStatus(_ status: CellStatus, of node: Int) { nodes[node].status = status }
}
