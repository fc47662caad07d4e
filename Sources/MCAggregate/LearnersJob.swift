/// `learners`: distinct learners per country × year in two breakdowns, in one file with a
/// `citizenship` column (reports.md): age band at issue × gender with citizenship `_T`, and
/// citizenship (domestic, foreign, `_Z`) with age band and gender `_T`; each with its `_T`
/// margins (per age band, per gender) and the (country, year) total. Never the three crossed:
/// crossed, most cells are small, and each breakdown alone is what the figures are read for.
package struct LearnersJob: StoreCountedJob {
    package let name = "learners"
    static let title = "Learner profile"
    static let dimensions = ["country", "year", "age_band", "gender", "citizenship"]

    package init() {}

    /// One breakdown: its counting, and where its dimension values go in the table's row (the
    /// other places are `_T`).
    private struct Breakdown: Sendable {
        var tab: CrossTab
        var places: [Int]
        /// Whether its `_T` row is the (country, year) total of the table.
        var keepsTotal: Bool
    }

    private static func breakdown(_ places: [Int], keepsTotal: Bool, sql: [String],
                                  signature: @escaping @Sendable (FactView) -> CellSignature,
                                  _ values: @escaping @Sendable (FactView, String) -> [String]) -> Breakdown {
        Breakdown(tab: CrossTab(name: "learners", title: title, dimensions: ["country", "year"] + places.map { dimensions[$0] },
                                measures: [.learners], totalsOver: 2, sql: [CodeSQL.year] + sql, signature: signature) { fact, country in
                                    [String(fact.issueDate.year)] + values(fact, country)
                                },
                  places: places, keepsTotal: keepsTotal)
    }

    private static func ageBand(_ fact: FactView) -> String {
        Codes.ageBand(birthYear: fact.birthYear, issueYear: fact.issueDate.year)
    }

    private static func gender(_ fact: FactView) -> String { fact.gender?.rawValue ?? Codes.notApplicable }

    /// The SQL of the dimensions after `year`, in the table's order.
    private static let sql = [
        CodeSQL.ageBand, CodeSQL.orNotApplicable("learner_gender"),
        "CASE WHEN learner_citizenship IS NULL THEN \(CodeSQL.notApplicable) WHEN learner_citizenship = country THEN 'domestic' ELSE 'foreign' END",
    ]

    private static let breakdowns: [Breakdown] = [
        breakdown([2, 3], keepsTotal: true, sql: [sql[0], sql[1]],
                  signature: { CellSignature(first: $0.issueDate.year, second: $0.birthYearCode, name: $0.gender?.rawValue) }) { fact, _ in
            [ageBand(fact), gender(fact)]
        },
        breakdown([2], keepsTotal: false, sql: [sql[0]], signature: { CellSignature(first: $0.issueDate.year, second: $0.birthYearCode) }) { fact, _ in
            [ageBand(fact)]
        },
        breakdown([3], keepsTotal: false, sql: [sql[1]], signature: { CellSignature(first: $0.issueDate.year, name: $0.gender?.rawValue) }) { fact, _ in
            [gender(fact)]
        },
        breakdown([4], keepsTotal: false, sql: [sql[2]], signature: { CellSignature(first: $0.issueDate.year, third: $0.citizenshipCode) }) { fact, country in
            [fact.citizenship.map { $0 == country ? "domestic" : "foreign" } ?? Codes.notApplicable]
        },
    ]

    package func makeTally() -> any ReportTally {
        LearnersTally(parts: LearnersJob.breakdowns.map { ($0.tab.makeTally(), $0.places, $0.keepsTotal) })
    }

    /// Every breakdown in one query: a grouping set per breakdown's cells and per margin, and
    /// the (country, year) total once.
    package var query: CellQuery {
        CellQuery(dimensions: [CodeSQL.year] + LearnersJob.sql, groupingSets: [[0, 1, 2], [0, 1], [0, 2], [0, 3], [0]],
                  aggregates: [.credentials(filter: nil), .learners(filter: nil)])
    }

    package func table(counted: [CountedCell], end: PassEnd) -> ReportTable {
        let tab = LearnersJob.breakdowns[0].tab
        return LearnersJob.table(rows: counted.map { cell in
            tab.row(cell.codes, CellTotals(credentials: cell.values[0].count, learners: cell.values[1].count,
                                           credentialKeys: cell.values[0].keys, learnerKeys: cell.values[1].keys))
        })
    }

    /// The table of `rows`, sorted.
    private static func table(rows: [ReportRow]) -> ReportTable {
        var table = ReportTable(name: "learners", title: title, dimensions: dimensions, measures: [.learners],
                                disclosure: DisclosureLayout(grouping: .margins, credentialsMeasure: nil, learnersMeasure: 0),
                                rows: rows)
        table.sortRows()
        return table
    }

    /// The breakdowns' tallies side by side; their rows placed in the table's columns.
    private final class LearnersTally: ReportTally, @unchecked Sendable {
        // @unchecked: a pass gives the tally one batch at a time (ReportTally's contract).
        let parts: [(tally: any ReportTally, places: [Int], keepsTotal: Bool)]

        init(parts: [(tally: any ReportTally, places: [Int], keepsTotal: Bool)]) { self.parts = parts }

        func add(_ batch: FactTable) {
            for part in parts { part.tally.add(batch) }
        }

        func finish(_ end: PassEnd) -> ReportTable {
            var rows: [ReportRow] = []
            for part in parts {
                for var row in part.tally.finish(end).rows {
                    let values = row.dimensions.dropFirst(2)
                    if !part.keepsTotal && values.allSatisfy({ $0 == Codes.total }) { continue }
                    var dimensions = Array(row.dimensions.prefix(2)) + Array(repeating: Codes.total, count: 3)
                    for (place, value) in zip(part.places, values) { dimensions[place] = value }
                    row.dimensions = dimensions
                    rows.append(row)
                }
            }
            return LearnersJob.table(rows: rows)
        }
    }
}
