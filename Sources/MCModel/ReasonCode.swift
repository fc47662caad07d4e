/// Why a record was rejected or warned about. The first 19 cases are the normalization reason
/// codes of the canonical CSV rules, in the order they are checked; then the pipeline source's
/// own rule; the rest describe records a reader could not take apart, and warnings.
package enum ReasonCode: String, Sendable, Codable, CaseIterable {
    // Mandatory elements present (checked in this order).
    case missingCredentialId = "missing_credential_id"
    case missingTitle = "missing_title"
    case missingLearnerId = "missing_learner_id"
    case missingIssuerCountry = "missing_issuer_country"
    case missingAwardingBodyId = "missing_awarding_body_id"
    case missingIssueDate = "missing_issue_date"
    case missingLearningOutcomes = "missing_learning_outcomes"
    case missingEctsAndWorkloadHours = "missing_ects_and_workload_hours"
    case missingAssessmentType = "missing_assessment_type"
    case missingParticipationForm = "missing_participation_form"
    case missingQualityAssurance = "missing_quality_assurance"
    // Values well-formed (checked in this order).
    case badIssuerCountry = "bad_issuer_country"
    case badIssueDate = "bad_issue_date"
    case badEcts = "bad_ects"
    case badWorkloadHours = "bad_workload_hours"
    case badEqfLevel = "bad_eqf_level"
    case badParticipationForm = "bad_participation_form"
    case badQualityAssurance = "bad_quality_assurance"
    /// A `status` other than `issued` or `revoked` (`withdrawn`): never counted as issued
    /// (annex-i.md rule 27), the last value check.
    case badStatus = "bad_status"
    // The pipeline source's rule, checked after the 19 above.
    /// The record's awarding body is not one the source declares (`awarding_bodies`).
    case awardingBodyNotAllowed = "awarding_body_not_allowed"
    // Records the reader could not take apart.
    /// More or fewer cells than the header, or an unterminated quoted field.
    case malformedRow = "malformed_row"
    /// Bytes that are not UTF-8, or a NUL byte, inside a value.
    case badEncoding = "bad_encoding"
    /// A value longer than the reader accepts for any element.
    case valueTooLong = "value_too_long"
    // Warnings (the record is kept).
    /// An optional element had a value outside its vocabulary; the value was dropped.
    case unknownOptionalValue = "unknown_optional_value"
    /// A column the canonical layout does not know; it was ignored.
    case unknownColumn = "unknown_column"
    /// A required column is absent from the header: every record lacks that element.
    case missingColumn = "missing_column"
    /// A workload duration that cannot be right for the ECTS given (`P60M` for 2 ECTS, say).
    case implausibleWorkload = "implausible_workload"
    /// A record whose shape is none of the formats mcstat reads (inside a JSON array, say).
    case unknownRecordShape = "unknown_record_shape"
    /// The file holds a header but no records.
    case noRecords = "no_records"
    /// A member of a folder or archive that was not read: hidden, not an export, not UTF-8
    /// named, or a nested archive. The message says which.
    case skippedFile = "skipped_file"
    /// An identical earlier version of the record was already replaced by a newer one; the
    /// newer one stays (the record is counted `stale`).
    case staleVersion = "stale_version"
    /// A credential of a presentation or batch that is not an award (an identity credential, an
    /// accreditation, an endorsement, a course description): named and skipped (annex-i.md rule 23).
    case notAnAward = "not_an_award"

    /// Codes that only warn: the record is kept (or the file named) with them.
    package static let warnings: Set<ReasonCode> = [
        .unknownOptionalValue, .unknownColumn, .missingColumn, .implausibleWorkload, .noRecords, .skippedFile, .staleVersion,
        .notAnAward,
    ]

    /// Every code a record can be rejected with, in declaration order (a reason added to this
    /// enum is among them unless it is listed as a warning).
    package static var rejecting: [ReasonCode] { allCases.filter { !warnings.contains($0) } }

    /// The 19 normalization reason codes, in check order.
    package static let normalization: [ReasonCode] = Array(allCases.prefix(19))
}
