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
    /// What `cell` reads of a credential (nil: `cell` runs for every credential). Within a
    /// country, credentials with equal signatures must get equal cells.
    var signature: (@Sendable (FactView) -> CellSignature)? = nil
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
        let table = context.credentials
        let sumsECTS = measures.contains(.ectsTotal)
        // Cells and groups by number: a signature (or a key) is looked up once per credential,
        // the dimension values made once per cell.
        var cellBySignature: [CellSignature: Int] = [:]
        var cellByKey: [[String]: Int] = [:]
        var cellKeys: [[String]] = []
        var cellTallies: [Tally] = []
        var cellGroup: [Int] = []
        var groupByKey: [[String]: Int] = [:]
        var groupKeys: [[String]] = []
        var groupTallies: [Tally] = []
        var perLearner: [[Int32: Int]] = []   // group → learner → credentials
        func cellNumber(_ fact: FactView) -> Int {
            var key = [country]
            key.append(contentsOf: cell(fact, country))
            if let known = cellByKey[key] { return known }
            let number = cellKeys.count
            cellByKey[key] = number
            cellKeys.append(key)
            cellTallies.append(Tally())
            var group = -1
            if let totalsOver {
                let groupKey = Array(key.prefix(totalsOver))
                if let known = groupByKey[groupKey] { group = known } else {
                    group = groupKeys.count
                    groupByKey[groupKey] = group
                    groupKeys.append(groupKey)
                    groupTallies.append(Tally())
                    perLearner.append([:])
                }
            }
            cellGroup.append(group)
            return number
        }
        for index in members {
            let fact = table[Int(index)]
            let learner = fact.learnerId
            let ects = sumsECTS ? fact.ectsCode : nil
            let number: Int
            if let signature {
                let mark = signature(fact)
                if let known = cellBySignature[mark] { number = known } else {
                    number = cellNumber(fact)
                    cellBySignature[mark] = number
                }
            } else {
                number = cellNumber(fact)
            }
            cellTallies[number].add(learner: learner, ects: ects)
            let group = cellGroup[number]
            if group >= 0 {
                groupTallies[group].add(learner: learner, ects: ects)
                perLearner[group][learner, default: 0] += 1
            }
        }
        // Group totals are cells too (keyed with `_T` for the dimensions after the group's).
        var cells: [[String]: (tally: Tally, group: Int)] = [:]
        for (number, key) in cellKeys.enumerated() { cells[key] = (cellTallies[number], cellGroup[number]) }
        if let totalsOver {
            let suffix = Array(repeating: Codes.total, count: dimensions.count - totalsOver)
            for (group, key) in groupKeys.enumerated() {
                let total = key + suffix
                if let existing = cells[total] {
                    cells[total] = (existing.tally.merged(with: groupTallies[group]), group)
                } else {
                    cells[total] = (groupTallies[group], group)
                }
            }
        }
        return cells.map { key, entry in
            let (tally, group) = entry
            let groupLearners = group >= 0 ? perLearner[group] : [:]
            return ReportRow(dimensions: key, measures: measures.map { spec in
                switch spec {
                case .credentials: .count(tally.credentials)
                case .learners: .count(tally.learners.count)
                case .ectsTotal: .decimal(DecimalFormat.fixed(tally.ectsTotal(in: table), places: 2))
                case .shareMultiple:
                    .share(tally.learners.filter { (groupLearners[$0] ?? 0) >= 2 }.count, of: tally.learners.count)
                default: nil
                }
            }, counts: CellCounts(credentials: tally.credentials, learners: tally.learners.count))
        }
    }
}

/// Running counts for one cell. ECTS are counted per distinct value and summed once at the end:
/// the same exact sum, without a `Decimal` addition per credential.
struct Tally {
    var credentials = 0
    var learners = Set<Int32>()
    /// How many credentials carry each ECTS value (by its number in the fact table).
    var ectsCounts: [Int32: Int] = [:]

    mutating func add(learner: Int32, ects: Int32?) {
        credentials += 1
        learners.insert(learner)
        if let ects { ectsCounts[ects, default: 0] += 1 }
    }

    /// Both tallies together.
    func merged(with other: Tally) -> Tally {
        var merged = self
        merged.credentials += other.credentials
        merged.learners.formUnion(other.learners)
        merged.ectsCounts.merge(other.ectsCounts, uniquingKeysWith: +)
        return merged
    }

    /// The sum of the counted credentials' ECTS (those without ECTS add nothing).
    func ectsTotal(in table: FactTable) -> Decimal {
        var total = Decimal(0)
        for (code, count) in ectsCounts.sorted(by: { $0.key < $1.key }) {
            if let value = table.ectsValue(code) { total += value * Decimal(count) }
        }
        return total
    }
}
