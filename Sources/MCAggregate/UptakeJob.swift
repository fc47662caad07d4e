import Foundation
import MCModel
import MCStore

/// The core report, `uptake`: credentials, distinct learners and ECTS per country × year × EQF
/// level × ECTS band × participation form, with a `_T` total per (country, year).
///
/// A joint award counts once in each of its issuer countries. The work is partitioned by country
/// (one Dispatch job each); partitions are merged, then disclosure control runs once.
public struct UptakeJob: ReportJob {
    public let name = "uptake"
    public static let dimensions = ["country", "year", "eqf_level", "ects_band", "participation_form"]
    public static let measures = ["credentials", "learners", "ects_total"]

    public init() {}

    public func run(in context: ReportContext) -> ReportTable {
        var byCountry: [String: [Int]] = [:]
        for (index, fact) in context.credentials.enumerated() {
            for country in Set(fact.countries) { byCountry[country, default: []].append(index) }
        }
        let partitions = byCountry.sorted { $0.key < $1.key }
        let credentials = context.credentials
        let partials = context.runner.map(partitions) { country, members in
            UptakeJob.rows(country: country, facts: members.lazy.map { credentials[$0] })
        }
        var table = ReportTable(name: name, dimensions: UptakeJob.dimensions, measures: UptakeJob.measures,
                                rows: partials.flatMap { $0 })
        table.sortRows()
        context.disclosure.apply(to: &table) { row in
            let credentials = if case .count(let n)? = row.measures[0] { n } else { 0 }
            let learners = if case .count(let n)? = row.measures[1] { n } else { 0 }
            return .init(group: Array(row.dimensions.prefix(2)), isTotal: row.dimensions[2] == Codes.total,
                         credentials: credentials, learners: learners)
        }
        return table
    }

    /// The detail and total rows of one country.
    static func rows(country: String, facts: some Sequence<CredentialFact>) -> [ReportRow] {
        var cells: [[String]: Tally] = [:]
        for fact in facts {
            let year = String(fact.issueDate.year)
            let detail = [country, year, Codes.eqf(fact.eqfLevel), Codes.ectsBand(fact.ects), fact.participationForm.rawValue]
            cells[detail, default: Tally()].add(fact)
            cells[[country, year, Codes.total, Codes.total, Codes.total], default: Tally()].add(fact)
        }
        return cells.map { key, tally in
            ReportRow(dimensions: key, measures: [.count(tally.credentials), .count(tally.learners.count),
                                                  .decimal(DecimalFormat.fixed(tally.ects, places: 2))])
        }
    }
}

/// Running counts for one cell.
struct Tally {
    var credentials = 0
    var learners = Set<String>()
    var ects = Decimal(0)

    mutating func add(_ fact: CredentialFact) {
        credentials += 1
        learners.insert(fact.learnerKey)
        if let value = fact.ects { ects += value }
    }
}
