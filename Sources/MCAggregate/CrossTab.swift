import Foundation
import MCModel
import MCStore

/// The computation most reports share: count issued credentials (and distinct learners) per
/// cell of country × other dimensions, with a `_T` total per (country, year), one Dispatch job per
/// country partition; merge and sort. Disclosure control runs later, once, over the whole
/// catalogue (``ReportCatalog/tables(in:)``).
///
/// A joint award counts once in each of its issuer countries.
public struct CrossTab: Sendable {
    public var name: String
    public var title: String
    /// Dimension names, `country` first.
    public var dimensions: [String]
    public var measures: [MeasureSpec]
    /// Leading dimensions (country included) of a group with a `_T` total row; nil for no totals.
    public var totalsOver: Int?
    /// How disclosure control groups the rows.
    public var grouping: DisclosureLayout.Grouping = .totals
    /// The dimension values after `country` for one credential counted in `country`.
    public var cell: @Sendable (FactView, String) -> [String]

    public func run(in context: ReportContext) -> ReportTable {
        let job = self
        let partials = context.runner.map(context.issuedByCountry()) { country, members in
            job.rows(country: country, members: members, context: context)
        }
        let credentialsIndex = measures.firstIndex(of: .credentials)
        let learnersIndex = measures.firstIndex(of: .learners)
        var table = ReportTable(name: name, title: title, dimensions: dimensions, measures: measures,
                                disclosure: DisclosureLayout(grouping: grouping, credentialsMeasure: credentialsIndex,
                                                             learnersMeasure: learnersIndex),
                                rows: partials.flatMap { $0 })
        table.sortRows()
        return table
    }

    /// Rows of one country partition (`members` index the context's credentials).
    func rows(country: String, members: [Int32], context: ReportContext) -> [ReportRow] {
        var cells: [[String]: Tally] = [:]
        var perLearner: [[String]: [Int32: Int]] = [:]   // group → learner → credentials
        let totalSuffix = totalsOver.map { Array(repeating: Codes.total, count: dimensions.count - $0) } ?? []
        for index in members {
            let fact = context.credentials[Int(index)]
            let learner = fact.learnerId
            let key = [country] + cell(fact, country)
            cells[key, default: Tally()].add(fact, learner: learner)
            if let totalsOver {
                let group = Array(key.prefix(totalsOver))
                cells[group + totalSuffix, default: Tally()].add(fact, learner: learner)
                perLearner[group, default: [:]][learner, default: 0] += 1
            }
        }
        return cells.map { key, tally in
            let groupLearners = totalsOver.flatMap { perLearner[Array(key.prefix($0))] } ?? [:]
            return ReportRow(dimensions: key, measures: measures.map { spec in
                switch spec {
                case .credentials: .count(tally.credentials)
                case .learners: .count(tally.learners.count)
                case .ectsTotal: .decimal(DecimalFormat.fixed(tally.ects, places: 2))
                case .shareMultiple:
                    .share(tally.learners.filter { (groupLearners[$0] ?? 0) >= 2 }.count, of: tally.learners.count)
                default: nil
                }
            }, counts: CellCounts(credentials: tally.credentials, learners: tally.learners.count))
        }
    }
}

/// Running counts for one cell.
struct Tally {
    var credentials = 0
    var learners = Set<Int32>()
    var ects = Decimal(0)

    mutating func add(_ fact: FactView, learner: Int32) {
        credentials += 1
        learners.insert(learner)
        if let value = fact.ects { ects += value }
    }
}
