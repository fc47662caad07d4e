import Foundation
internal import MCModel

/// Builds ``FactTable`` batches one credential at a time, keeping each distinct value once and
/// numbering values the same way across the batches of one pass.
struct FactTableBuilder {
    private(set) var records: [FactRecord] = []
    private(set) var awardingBodies = Interner<String>()
    private(set) var countrySets = Interner<[String]>()
    private(set) var issueDates = Interner<CalendarDate>()
    private(set) var ectsValues = Interner<Decimal?>()
    private(set) var iscedFCodes = Interner<String?>()
    private(set) var citizenships = Interner<String?>()
    private(set) var birthYears = Interner<Int?>()
    private(set) var eqfLevels = Interner<Int?>()
    private(set) var countryNames = Interner<String>()
    /// Per country set, its countries' numbers without repeats.
    private(set) var distinctCountries: [[Int32]] = []

    /// Adds `fact`, whose learner the caller has numbered `learner` (dense, from 0).
    mutating func append(_ fact: CredentialFact, learner: Int32) {
        let countries = countrySets.number(fact.countries)
        if Int(countries) == distinctCountries.count {
            var numbers: [Int32] = []
            for country in fact.countries {
                let number = countryNames.number(country)
                if !numbers.contains(number) { numbers.append(number) }
            }
            distinctCountries.append(numbers)
        }
        records.append(FactRecord(
            recordKey: fact.recordKeys?.credential ?? 0, learnerRecordKey: fact.recordKeys?.learner ?? 0,
            awardingBody: awardingBodies.number(fact.awardingBodyId), countries: countries,
            learner: learner, issueDate: issueDates.number(fact.issueDate), ects: ectsValues.number(fact.ects),
            iscedF: iscedFCodes.number(fact.iscedF), citizenship: citizenships.number(fact.citizenship),
            birthYear: birthYears.number(fact.birthYear), eqfLevel: eqfLevels.number(fact.eqfLevel),
            assessmentKind: fact.assessmentKind, participationForm: fact.participationForm,
            qualityAssurance: fact.qualityAssurance, supervision: fact.supervision, stackability: fact.stackability,
            gender: fact.gender, status: fact.status, hasPrerequisites: fact.hasPrerequisites, hasGrade: fact.hasGrade,
            hasFurtherInfo: fact.hasFurtherInfo))
    }

    /// The credentials added since the last batch, as a table; the value tables carry on.
    mutating func takeBatch() -> FactTable {
        let batch = FactTable(self)
        records.removeAll(keepingCapacity: true)
        return batch
    }
}
