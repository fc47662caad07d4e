/// A canonical field of the normalized record: the canonical CSV column names, the store's
/// column names and the JSON keys are all these.
package enum Field: String, Sendable, Codable, CaseIterable {
    case credentialId = "credential_id"
    case learnerId = "learner_id"
    case learnerBirthYear = "learner_birth_year"
    case learnerGender = "learner_gender"
    case learnerCitizenship = "learner_citizenship"
    case title
    case issuerCountry = "issuer_country"
    case issuerRegion = "issuer_region"
    case awardingBodyId = "awarding_body_id"
    case awardingBodyName = "awarding_body_name"
    case issueDate = "issue_date"
    case learningOutcomes = "learning_outcomes"
    case ects
    case workloadHours = "workload_hours"
    case eqfLevel = "eqf_level"
    case qfEheaCycle = "qf_ehea_cycle"
    case assessmentType = "assessment_type"
    case participationForm = "participation_form"
    case qualityAssurance = "quality_assurance"
    case prerequisites
    case supervision
    case grade
    case stackability
    case stackableTowards = "stackable_towards"
    case iscedF = "isced_f"
    case language
    case furtherInfo = "further_info"
    case status

    /// The Annex I element this field describes.
    package var element: AnnexElement {
        switch self {
        case .learnerId: .learner
        case .title: .title
        case .issuerCountry, .issuerRegion: .issuerCountry
        case .awardingBodyId, .awardingBodyName: .awardingBody
        case .issueDate: .issueDate
        case .learningOutcomes: .learningOutcomes
        case .ects, .workloadHours: .workload
        case .eqfLevel, .qfEheaCycle: .level
        case .assessmentType: .assessment
        case .participationForm: .participation
        case .qualityAssurance: .qualityAssurance
        case .prerequisites: .prerequisites
        case .supervision: .supervision
        case .grade: .grade
        case .stackability, .stackableTowards: .stackability
        case .furtherInfo: .furtherInfo
        case .credentialId, .learnerBirthYear, .learnerGender, .learnerCitizenship,
             .iscedF, .language, .status: .statistical
        }
    }

    /// Fields that hold several values, joined by `|` in CSV.
    package var isMultiValued: Bool {
        self == .issuerCountry || self == .learningOutcomes
    }

    /// The field's position in `allCases`, for array-indexed storage on hot paths.
    package var ordinal: Int {
        switch self {
        case .credentialId: 0
        case .learnerId: 1
        case .learnerBirthYear: 2
        case .learnerGender: 3
        case .learnerCitizenship: 4
        case .title: 5
        case .issuerCountry: 6
        case .issuerRegion: 7
        case .awardingBodyId: 8
        case .awardingBodyName: 9
        case .issueDate: 10
        case .learningOutcomes: 11
        case .ects: 12
        case .workloadHours: 13
        case .eqfLevel: 14
        case .qfEheaCycle: 15
        case .assessmentType: 16
        case .participationForm: 17
        case .qualityAssurance: 18
        case .prerequisites: 19
        case .supervision: 20
        case .grade: 21
        case .stackability: 22
        case .stackableTowards: 23
        case .iscedF: 24
        case .language: 25
        case .furtherInfo: 26
        case .status: 27
        }
    }

    /// Fields by canonical name (a hash lookup; `init(rawValue:)` compares names one by one).
    package static let named: [String: Field] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// Columns a canonical CSV must have (`ects` and `workload_hours` are "one of these two").
    package static let required: [Field] = [
        .credentialId, .learnerId, .title, .issuerCountry, .awardingBodyId, .issueDate,
        .learningOutcomes, .assessmentType, .participationForm, .qualityAssurance,
    ]
}
