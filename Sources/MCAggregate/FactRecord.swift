internal import MCModel

/// One credential in a ``FactTable``: numbers into the table's small value tables, the
/// enumerations themselves (one byte each), and the two record keys of the cell key method: 64
/// bytes in all. Its strings live once, in the table.
struct FactRecord: Sendable {
    /// The credential's and its learner's record keys (0 when not made yet).
    var recordKey: UInt64
    var learnerRecordKey: UInt64
    var awardingBody: Int32
    var countries: Int32
    var learner: Int32
    var issueDate: Int32
    var ects: Int32
    var iscedF: Int32
    var citizenship: Int32
    var birthYear: Int32
    var eqfLevel: Int32
    var assessmentKind: AssessmentKind
    var participationForm: ParticipationForm
    var qualityAssurance: QualityAssurance
    var supervision: Supervision?
    var stackability: Stackability?
    var gender: Gender?
    var status: CredentialStatus
    var hasPrerequisites: Bool
    var hasGrade: Bool
    var hasFurtherInfo: Bool
}
