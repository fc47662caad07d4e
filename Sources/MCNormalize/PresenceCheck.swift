import MCModel

/// One "mandatory element present" check of the canonical rules.
struct PresenceCheck: Sendable {
    var field: Field
    var code: ReasonCode
    var what: String
    var hint: String
    var isPresent: @Sendable (TrimmedValues) -> Bool
}

extension Normalizer {
    /// The presence checks, in the order the canonical rules run them.
    static let presence: [PresenceCheck] = [
        PresenceCheck(field: .credentialId, code: .missingCredentialId, what: "the credential id",
                      hint: "give each award the issuer's own identifier (credential_id)") { $0.has(.credentialId) },
        PresenceCheck(field: .title, code: .missingTitle, what: "the title",
                      hint: "fill title with the micro-credential's name") { $0.has(.title) },
        PresenceCheck(field: .learnerId, code: .missingLearnerId, what: "the learner identifier",
                      hint: "fill learner_id with the institution's learner identifier (it is pseudonymised on ingest)") { $0.has(.learnerId) },
        PresenceCheck(field: .issuerCountry, code: .missingIssuerCountry, what: "the issuer country",
                      hint: "fill issuer_country with ISO 3166-1 alpha-2 codes, e.g. DE or BE|NL") { $0.has(.issuerCountry) },
        PresenceCheck(field: .awardingBodyId, code: .missingAwardingBodyId, what: "the awarding body id",
                      hint: "fill awarding_body_id (DEQAR id, SCHAC code, Erasmus code or national register id)") { $0.has(.awardingBodyId) },
        PresenceCheck(field: .issueDate, code: .missingIssueDate, what: "the date of issuing",
                      hint: "fill issue_date as YYYY-MM-DD") { $0.has(.issueDate) },
        PresenceCheck(field: .learningOutcomes, code: .missingLearningOutcomes, what: "the learning outcomes",
                      hint: "list at least one learning outcome; separate several with |") { $0.has(.learningOutcomes) },
        PresenceCheck(field: .ects, code: .missingEctsAndWorkloadHours, what: "the notional workload (both ects and workload_hours)",
                      hint: "fill ects (preferred) or workload_hours") { $0.has(.ects) || $0.has(.workloadHours) },
        PresenceCheck(field: .assessmentType, code: .missingAssessmentType, what: "the type of assessment",
                      hint: "fill assessment_type, e.g. written-exam, project, portfolio") { $0.has(.assessmentType) },
        PresenceCheck(field: .participationForm, code: .missingParticipationForm, what: "the form of participation",
                      hint: "fill participation_form: online, onsite, blended, volunteering or work-based") { $0.has(.participationForm) },
        PresenceCheck(field: .qualityAssurance, code: .missingQualityAssurance, what: "the type of quality assurance",
                      hint: "fill quality_assurance: internal, external or internal+external") { $0.has(.qualityAssurance) },
    ]
}
