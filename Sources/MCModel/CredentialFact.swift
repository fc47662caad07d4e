import Foundation

/// What reports need of one stored credential: the store reads it (MCStore), the report jobs
/// count it (MCAggregate), neither needs the other for it.
package struct CredentialFact: Sendable, Equatable {
    package var awardingBodyId: String
    package var credentialId: String
    package var learnerKey: String
    package var countries: [String]
    package var issueDate: CalendarDate
    package var ects: Decimal?
    package var eqfLevel: Int?
    package var assessmentKind: AssessmentKind
    package var participationForm: ParticipationForm
    package var qualityAssurance: QualityAssurance
    package var supervision: Supervision?
    package var stackability: Stackability?
    package var iscedF: String?
    package var birthYear: Int?
    package var gender: Gender?
    package var citizenship: String?
    package var status: CredentialStatus
    /// Which optional Annex I elements the record carries (for the completeness report).
    package var hasPrerequisites: Bool
    package var hasGrade: Bool
    package var hasFurtherInfo: Bool
    /// The cell key method's record keys; nil for a credential stored before they were made.
    package var recordKeys: RecordKeys?

    package init(awardingBodyId: String, credentialId: String, learnerKey: String, countries: [String],
                issueDate: CalendarDate, ects: Decimal? = nil, eqfLevel: Int? = nil, assessmentKind: AssessmentKind = .other,
                participationForm: ParticipationForm, qualityAssurance: QualityAssurance = .internal,
                supervision: Supervision? = nil, stackability: Stackability? = nil, iscedF: String? = nil,
                birthYear: Int? = nil, gender: Gender? = nil, citizenship: String? = nil,
                status: CredentialStatus = .issued, hasPrerequisites: Bool = false, hasGrade: Bool = false,
                hasFurtherInfo: Bool = false, recordKeys: RecordKeys? = nil) {
        self.awardingBodyId = awardingBodyId
        self.credentialId = credentialId
        self.learnerKey = learnerKey
        self.countries = countries
        self.issueDate = issueDate
        self.ects = ects
        self.eqfLevel = eqfLevel
        self.assessmentKind = assessmentKind
        self.participationForm = participationForm
        self.qualityAssurance = qualityAssurance
        self.supervision = supervision
        self.stackability = stackability
        self.iscedF = iscedF
        self.birthYear = birthYear
        self.gender = gender
        self.citizenship = citizenship
        self.status = status
        self.hasPrerequisites = hasPrerequisites
        self.hasGrade = hasGrade
        self.hasFurtherInfo = hasFurtherInfo
        self.recordKeys = recordKeys
    }

    /// The facts of a normalized credential (what the store would give back for it).
    package init(_ credential: Credential) {
        self.init(awardingBodyId: credential.awardingBodyId, credentialId: credential.credentialId,
                  learnerKey: credential.learnerKey, countries: credential.issuerCountries, issueDate: credential.issueDate,
                  ects: credential.ects, eqfLevel: credential.eqfLevel, assessmentKind: credential.assessmentKind, participationForm: credential.participationForm,
                  qualityAssurance: credential.qualityAssurance, supervision: credential.supervision,
                  stackability: credential.stackability, iscedF: credential.iscedF, birthYear: credential.learnerBirthYear,
                  gender: credential.learnerGender, citizenship: credential.learnerCitizenship, status: credential.status,
                  hasPrerequisites: credential.prerequisites != nil, hasGrade: credential.grade != nil,
                  hasFurtherInfo: credential.furtherInfo != nil)
    }
}
