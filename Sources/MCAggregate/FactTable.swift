import Foundation
import MCModel

/// Every stored credential as reports need it, in columns: one ``FactRecord`` of numbers per
/// credential and each distinct string, date or ECTS value once. Immutable once built (by
/// ``FactTableBuilder``); its elements are ``FactView``s.
public final class FactTable: RandomAccessCollection, Sendable {
    let records: [FactRecord]
    let awardingBodies: [String]
    let countrySets: [[String]]
    let issueDates: [CalendarDate]
    let ectsValues: [Decimal?]

    /// The ECTS value numbered `code`.
    func ectsValue(_ code: Int32) -> Decimal? { ectsValues[Int(code)] }
    let iscedFCodes: [String?]
    let citizenships: [String?]
    let birthYears: [Int?]
    let eqfLevels: [Int?]
    /// Per country set (as ``FactRecord/countries`` numbers it), its countries without repeats.
    let distinctCountries: [[String]]
    /// How many distinct learners the table holds (``FactView/learnerId`` is below it).
    public let learnerCount: Int

    init(_ builder: FactTableBuilder) {
        records = builder.records
        awardingBodies = builder.awardingBodies.values
        countrySets = builder.countrySets.values
        issueDates = builder.issueDates.values
        ectsValues = builder.ectsValues.values
        iscedFCodes = builder.iscedFCodes.values
        citizenships = builder.citizenships.values
        birthYears = builder.birthYears.values
        eqfLevels = builder.eqfLevels.values
        learnerCount = builder.learnerCount
        distinctCountries = countrySets.map { countries in
            var seen = Set<String>()
            return countries.filter { seen.insert($0).inserted }
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { records.count }
    public subscript(position: Int) -> FactView { FactView(table: self, record: records[position]) }

    /// The issuer countries of the credential at `position`, each once.
    func distinctCountries(at position: Int) -> [String] { distinctCountries[Int(records[position].countries)] }
}
