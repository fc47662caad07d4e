import Foundation
import GRDB
import MCModel

/// Receives one file's records inside its import transaction: accepted credentials are stored
/// (replacing an earlier record with the same key), rejected ones quarantined. Counts what it got.
public struct ImportSink {
    public private(set) var read = 0
    public private(set) var accepted = 0
    public private(set) var rejected = 0
    public private(set) var warnings = 0

    private let importId: Int64
    private let file: String
    private let insertCredential: Statement
    private let insertQuarantine: Statement
    private let encoder: JSONEncoder

    init(db: Database, importId: Int64, file: String) throws {
        self.importId = importId
        self.file = file
        insertCredential = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO credentials (
                awarding_body_id, credential_id, learner_key, title, issuer_country, issuer_region,
                awarding_body_name, issue_date, learning_outcomes, ects, workload_hours, eqf_level,
                qf_ehea_cycle, assessment_type, assessment_kind, participation_form, quality_assurance,
                prerequisites, supervision, grade, stackability, stackable_towards, further_info,
                learner_birth_year, learner_gender, learner_citizenship, isced_f, language, status,
                import_id, record, line)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        insertQuarantine = try db.makeStatement(sql: """
            INSERT INTO quarantine (import_id, file, record, line, pointer, awarding_body_id, reason_code,
                                    field, element, message, raw)
            VALUES (?,?,?,?,?,?,?,?,?,?,?)
            """)
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// Stores an accepted credential; a credential with the same key is replaced.
    public mutating func accept(_ credential: Credential, provenance: Provenance, warnings: Int = 0) throws {
        let c = credential
        let outcomes = JSONText.array(c.learningOutcomes)
        let arguments: [(any DatabaseValueConvertible)?] = [
            c.awardingBodyId, c.credentialId, c.learnerKey, c.title,
            c.issuerCountries.joined(separator: "|"), c.issuerRegion, c.awardingBodyName,
            c.issueDate.description, outcomes, c.ects.map { "\($0)" }, c.workloadHours, c.eqfLevel,
            c.qfEheaCycle?.rawValue, c.assessmentType, c.assessmentKind.rawValue,
            c.participationForm.rawValue, c.qualityAssurance.rawValue, c.prerequisites,
            c.supervision?.rawValue, c.grade, c.stackability?.rawValue, c.stackableTowards,
            c.furtherInfo, c.learnerBirthYear, c.learnerGender?.rawValue, c.learnerCitizenship,
            c.iscedF, c.language, c.status.rawValue, importId, provenance.record, provenance.line,
        ]
        try insertCredential.execute(arguments: StatementArguments(arguments))
        read += 1
        accepted += 1
        self.warnings += warnings
    }

    /// Quarantines a rejected record with its reason.
    public mutating func quarantine(_ rejection: Rejection, warnings: Int = 0) throws {
        let raw = String(decoding: try encoder.encode(rejection.values), as: UTF8.self)
        let issue = rejection.issue
        let body = rejection.values[Field.awardingBodyId.rawValue]?.joined.trimmingASCIIWhitespace()
        let arguments: [(any DatabaseValueConvertible)?] = [
            importId, file, rejection.provenance.record, issue.line ?? rejection.provenance.line,
            issue.pointer ?? rejection.provenance.pointer, body?.isEmpty == false ? body : nil,
            issue.code.rawValue, issue.field, issue.element, issue.message, raw,
        ]
        try insertQuarantine.execute(arguments: StatementArguments(arguments))
        read += 1
        rejected += 1
        self.warnings += warnings
    }

    /// Counts file-level warnings (unknown columns, …).
    public mutating func addWarnings(_ count: Int) {
        warnings += count
    }
}
