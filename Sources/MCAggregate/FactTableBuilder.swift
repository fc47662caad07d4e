import Foundation
import MCModel
import MCStore

/// Builds a ``FactTable`` one credential at a time, keeping each distinct value once.
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
    private(set) var learnerCount = 0

    /// Adds `fact`, whose learner the caller has numbered `learner` (dense, from 0).
    mutating func append(_ fact: CredentialFact, learner: Int32) {
        learnerCount = max(learnerCount, Int(learner) + 1)
        records.append(FactRecord(
            awardingBody: awardingBodies.number(fact.awardingBodyId), countries: countrySets.number(fact.countries),
            learner: learner, issueDate: issueDates.number(fact.issueDate), ects: ectsValues.number(fact.ects),
            iscedF: iscedFCodes.number(fact.iscedF), citizenship: citizenships.number(fact.citizenship),
            birthYear: birthYears.number(fact.birthYear), eqfLevel: eqfLevels.number(fact.eqfLevel),
            assessmentKind: fact.assessmentKind, participationForm: fact.participationForm,
            qualityAssurance: fact.qualityAssurance, supervision: fact.supervision, stackability: fact.stackability,
            gender: fact.gender, status: fact.status, hasPrerequisites: fact.hasPrerequisites, hasGrade: fact.hasGrade,
            hasFurtherInfo: fact.hasFurtherInfo))
    }
}
