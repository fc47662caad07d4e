import Foundation
internal import MCModel

/// A batch of stored credentials as reports need them, in columns: one ``FactRecord`` of numbers
/// per credential and each distinct string, date or ECTS value once. Immutable once built (by
/// ``FactTableBuilder/takeBatch()``); its elements are ``FactView``s.
///
/// A report pass sees the store as a sequence of these batches, in learner order. Value numbers
/// are the builder's, so they mean the same in every batch of one pass.
package final class FactTable: RandomAccessCollection, Sendable {
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
    /// Every issuer country seen so far; a country's number is its index here.
    let countryNames: [String]
    /// Per country set (as ``FactRecord/countries`` numbers it), the numbers of its countries
    /// without repeats.
    let distinctCountries: [[Int32]]

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
        countryNames = builder.countryNames.values
        distinctCountries = builder.distinctCountries
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { records.count }
    package subscript(position: Int) -> FactView { FactView(table: self, record: records[position]) }

    /// The numbers of the issuer countries of the credential at `position`, each once.
    func distinctCountries(at position: Int) -> [Int32] { distinctCountries[Int(records[position].countries)] }
}
