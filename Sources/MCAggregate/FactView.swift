import Foundation
package import MCModel

/// One credential of a ``FactTable``, with the property names of `CredentialFact` (less the
/// credential id and learner key, which no report reads): what report jobs look at.
package struct FactView: Sendable {
    let table: FactTable
    let record: FactRecord

    package var awardingBodyId: String { table.awardingBodies[Int(record.awardingBody)] }
    /// The issuer countries as stored (a joint award has several).
    package var countries: [String] { table.countrySets[Int(record.countries)] }
    package var issueDate: CalendarDate { table.issueDates[Int(record.issueDate)] }
    package var ects: Decimal? { table.ectsValues[Int(record.ects)] }
    /// The number of the ECTS value in the table (equal values, equal numbers).
    var ectsCode: Int32 { record.ects }
    package var eqfLevel: Int? { table.eqfLevels[Int(record.eqfLevel)] }
    package var assessmentKind: AssessmentKind { record.assessmentKind }
    package var participationForm: ParticipationForm { record.participationForm }
    package var qualityAssurance: QualityAssurance { record.qualityAssurance }
    package var supervision: Supervision? { record.supervision }
    package var stackability: Stackability? { record.stackability }
    package var iscedF: String? { table.iscedFCodes[Int(record.iscedF)] }
    package var birthYear: Int? { table.birthYears[Int(record.birthYear)] }
    package var gender: Gender? { record.gender }
    package var citizenship: String? { table.citizenships[Int(record.citizenship)] }
    package var status: CredentialStatus { record.status }
    package var hasPrerequisites: Bool { record.hasPrerequisites }
    package var hasGrade: Bool { record.hasGrade }
    package var hasFurtherInfo: Bool { record.hasFurtherInfo }
    /// The learner as a small number: equal for equal learner keys, dense from 0.
    package var learnerId: Int32 { record.learner }

    /// The cell key method's record keys of the credential and of its learner.
    var recordKey: UInt64 { record.recordKey }
    var learnerRecordKey: UInt64 { record.learnerRecordKey }

    // Numbers of values in the table (equal values, equal numbers), for cell signatures.
    var eqfCode: Int { Int(record.eqfLevel) }
    var birthYearCode: Int { Int(record.birthYear) }
    var citizenshipCode: Int { Int(record.citizenship) }
    var iscedCode: Int { Int(record.iscedF) }
}
