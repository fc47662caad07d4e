import Foundation

/// The normalized record: one micro-credential award described by the Annex I elements, typed,
/// with the learner already pseudonymised. Every reader's output ends up as this (or a rejection).
package struct Credential: Sendable, Codable, Equatable {
    // Record key.
    package var credentialId: String
    package var awardingBodyId: String
    // Mandatory Annex I elements.
    /// HMAC-SHA256 of the learner id, hex. The clear id never reaches this type.
    package var learnerKey: String
    package var title: String
    /// ISO 3166-1 alpha-2 codes, in order, without repeats (several for a joint award).
    package var issuerCountries: [String]
    package var issuerRegion: String?
    package var awardingBodyName: String?
    package var issueDate: CalendarDate
    package var learningOutcomes: [String]
    package var ects: Decimal?
    package var workloadHours: Int?
    package var eqfLevel: Int?
    package var qfEheaCycle: QFEHEACycle?
    /// The assessment as given, and its recognised kind.
    package var assessmentType: String
    package var assessmentKind: AssessmentKind
    package var participationForm: ParticipationForm
    package var qualityAssurance: QualityAssurance
    // Optional Annex I elements.
    package var prerequisites: String?
    package var supervision: Supervision?
    package var grade: String?
    package var stackability: Stackability?
    package var stackableTowards: String?
    package var furtherInfo: String?
    // Statistical dimensions.
    package var learnerBirthYear: Int?
    package var learnerGender: Gender?
    package var learnerCitizenship: String?
    package var iscedF: String?
    package var language: String?
    package var status: CredentialStatus

    package init(credentialId: String, awardingBodyId: String, learnerKey: String, title: String,
                issuerCountries: [String], issuerRegion: String? = nil, awardingBodyName: String? = nil,
                issueDate: CalendarDate, learningOutcomes: [String], ects: Decimal? = nil,
                workloadHours: Int? = nil, eqfLevel: Int? = nil, qfEheaCycle: QFEHEACycle? = nil,
                assessmentType: String, assessmentKind: AssessmentKind,
                participationForm: ParticipationForm, qualityAssurance: QualityAssurance,
                prerequisites: String? = nil, supervision: Supervision? = nil, grade: String? = nil,
                stackability: Stackability? = nil, stackableTowards: String? = nil,
                furtherInfo: String? = nil, learnerBirthYear: Int? = nil, learnerGender: Gender? = nil,
                learnerCitizenship: String? = nil, iscedF: String? = nil, language: String? = nil,
                status: CredentialStatus = .issued) {
        self.credentialId = credentialId
        self.awardingBodyId = awardingBodyId
        self.learnerKey = learnerKey
        self.title = title
        self.issuerCountries = issuerCountries
        self.issuerRegion = issuerRegion
        self.awardingBodyName = awardingBodyName
        self.issueDate = issueDate
        self.learningOutcomes = learningOutcomes
        self.ects = ects
        self.workloadHours = workloadHours
        self.eqfLevel = eqfLevel
        self.qfEheaCycle = qfEheaCycle
        self.assessmentType = assessmentType
        self.assessmentKind = assessmentKind
        self.participationForm = participationForm
        self.qualityAssurance = qualityAssurance
        self.prerequisites = prerequisites
        self.supervision = supervision
        self.grade = grade
        self.stackability = stackability
        self.stackableTowards = stackableTowards
        self.furtherInfo = furtherInfo
        self.learnerBirthYear = learnerBirthYear
        self.learnerGender = learnerGender
        self.learnerCitizenship = learnerCitizenship
        self.iscedF = iscedF
        self.language = language
        self.status = status
    }
}
