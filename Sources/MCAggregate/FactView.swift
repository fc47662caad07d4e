import Foundation
import MCModel

/// One credential of a ``FactTable``, with the property names of `CredentialFact` (less the
/// credential id and learner key, which no report reads): what report jobs look at.
public struct FactView: Sendable {
    let table: FactTable
    let record: FactRecord

    public var awardingBodyId: String { table.awardingBodies[Int(record.awardingBody)] }
    /// The issuer countries as stored (a joint award has several).
    public var countries: [String] { table.countrySets[Int(record.countries)] }
    public var issueDate: CalendarDate { table.issueDates[Int(record.issueDate)] }
    public var ects: Decimal? { table.ectsValues[Int(record.ects)] }
    /// The number of the ECTS value in the table (equal values, equal numbers).
    var ectsCode: Int32 { record.ects }
    public var eqfLevel: Int? { table.eqfLevels[Int(record.eqfLevel)] }
    public var assessmentKind: AssessmentKind { record.assessmentKind }
    public var participationForm: ParticipationForm { record.participationForm }
    public var qualityAssurance: QualityAssurance { record.qualityAssurance }
    public var supervision: Supervision? { record.supervision }
    public var stackability: Stackability? { record.stackability }
    public var iscedF: String? { table.iscedFCodes[Int(record.iscedF)] }
    public var birthYear: Int? { table.birthYears[Int(record.birthYear)] }
    public var gender: Gender? { record.gender }
    public var citizenship: String? { table.citizenships[Int(record.citizenship)] }
    public var status: CredentialStatus { record.status }
    public var hasPrerequisites: Bool { record.hasPrerequisites }
    public var hasGrade: Bool { record.hasGrade }
    public var hasFurtherInfo: Bool { record.hasFurtherInfo }
    /// The learner as a small number: equal for equal learner keys, dense from 0.
    public var learnerId: Int32 { record.learner }

    /// The cell key method's record keys of the credential and of its learner.
    var recordKey: UInt64 { record.recordKey }
    var learnerRecordKey: UInt64 { record.learnerRecordKey }

    // Numbers of values in the table (equal values, equal numbers), for cell signatures.
    var eqfCode: Int { Int(record.eqfLevel) }
    var birthYearCode: Int { Int(record.birthYear) }
    var citizenshipCode: Int { Int(record.citizenship) }
    var iscedCode: Int { Int(record.iscedF) }
}
