internal import MCModel

/// One "mandatory element present" check of the canonical rules.
struct PresenceCheck: Sendable {
    var field: Field
    var code: ReasonCode
    var what: String
    var hint: String
    /// The element is present when any of these fields has a value.
    var fields: [Field]

    func isPresent(_ values: TrimmedValues) -> Bool { fields.contains { values.has($0) } }
}

extension Normalizer {
    /// The presence checks, in the order the canonical rules run them.
    static let presence: [PresenceCheck] = [
        PresenceCheck(field: .credentialId, code: .missingCredentialId, what: "the credential id",
                      hint: "give each award the issuer's own identifier (credential_id)", fields: [.credentialId]),
        PresenceCheck(field: .title, code: .missingTitle, what: "the title",
                      hint: "fill title with the micro-credential's name", fields: [.title]),
        PresenceCheck(field: .learnerId, code: .missingLearnerId, what: "the learner identifier",
                      hint: "fill learner_id with the institution's learner identifier (it is pseudonymised on ingest)", fields: [.learnerId]),
        PresenceCheck(field: .issuerCountry, code: .missingIssuerCountry, what: "the issuer country",
                      hint: "fill issuer_country with ISO 3166-1 alpha-2 codes, e.g. DE or BE|NL", fields: [.issuerCountry]),
        PresenceCheck(field: .awardingBodyId, code: .missingAwardingBodyId, what: "the awarding body id",
                      hint: "fill awarding_body_id (DEQAR id, SCHAC code, Erasmus code or national register id)", fields: [.awardingBodyId]),
        PresenceCheck(field: .issueDate, code: .missingIssueDate, what: "the date of issuing",
                      hint: "fill issue_date as YYYY-MM-DD", fields: [.issueDate]),
        PresenceCheck(field: .learningOutcomes, code: .missingLearningOutcomes, what: "the learning outcomes",
                      hint: "list at least one learning outcome; separate several with |", fields: [.learningOutcomes]),
        PresenceCheck(field: .ects, code: .missingEctsAndWorkloadHours, what: "the notional workload (both ects and workload_hours)",
                      hint: "fill ects (preferred) or workload_hours", fields: [.ects, .workloadHours]),
        PresenceCheck(field: .assessmentType, code: .missingAssessmentType, what: "the type of assessment",
                      hint: "fill assessment_type, e.g. written-exam, project, portfolio", fields: [.assessmentType]),
        PresenceCheck(field: .participationForm, code: .missingParticipationForm, what: "the form of participation",
                      hint: "fill participation_form: online, onsite, blended, volunteering or work-based", fields: [.participationForm]),
        PresenceCheck(field: .qualityAssurance, code: .missingQualityAssurance, what: "the type of quality assurance",
                      hint: "fill quality_assurance: internal, external or internal+external", fields: [.qualityAssurance]),
    ]
}
