import Foundation

/// The normalized record: one micro-credential award described by the Annex I elements, typed,
/// with the learner already pseudonymised. Every reader's output ends up as this (or a rejection).
public struct Credential: Sendable, Codable, Equatable {
    // Record key.
    public var credentialId: String
    public var awardingBodyId: String
    // Mandatory Annex I elements.
    /// HMAC-SHA256 of the learner id, hex. The clear id never reaches this type.
    public var learnerKey: String
    public var title: String
    /// ISO 3166-1 alpha-2 codes, in order, without repeats (several for a joint award).
    public var issuerCountries: [String]
    public var issuerRegion: String?
    public var awardingBodyName: String?
    public var issueDate: CalendarDate
    public var learningOutcomes: [String]
    public var ects: Decimal?
    public var workloadHours: Int?
    public var eqfLevel: Int?
    public var qfEheaCycle: QFEHEACycle?
    /// The assessment as given, and its recognised kind.
    public var assessmentType: String
    public var assessmentKind: AssessmentKind
    public var participationForm: ParticipationForm
    public var qualityAssurance: QualityAssurance
    // Optional Annex I elements.
    public var prerequisites: String?
    public var supervision: Supervision?
    public var grade: String?
    public var stackability: Stackability?
    public var stackableTowards: String?
    public var furtherInfo: String?
    // Statistical dimensions.
    public var learnerBirthYear: Int?
    public var learnerGender: Gender?
    public var learnerCitizenship: String?
    public var iscedF: String?
    public var language: String?
    public var status: CredentialStatus

    public init(credentialId: String, awardingBodyId: String, learnerKey: String, title: String,
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
