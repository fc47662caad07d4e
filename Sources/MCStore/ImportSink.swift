import Foundation
import GRDB
import GRDBSQLite
import MCModel

/// SQLite copies bound text at once (the strings are temporaries).
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

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
    ///
    /// The hot path of an import: values are bound with the SQLite C API on GRDB's prepared
    /// statement, which avoids boxing 32 arguments per row.
    public mutating func accept(_ credential: Credential, provenance: Provenance, warnings: Int = 0) throws {
        let c = credential
        let texts: [String?] = [
            c.awardingBodyId, c.credentialId, c.learnerKey, c.title,
            c.issuerCountries.joined(separator: "|"), c.issuerRegion, c.awardingBodyName,
            c.issueDate.description, JSONText.array(c.learningOutcomes), c.ects.map { "\($0)" },
        ]
        let statement = insertCredential.sqliteStatement
        var column: Int32 = 1
        func bind(_ value: String?) {
            if let value { sqlite3_bind_text(statement, column, value, -1, SQLITE_TRANSIENT) } else { sqlite3_bind_null(statement, column) }
            column += 1
        }
        func bind(_ value: Int?) {
            if let value { sqlite3_bind_int64(statement, column, Int64(value)) } else { sqlite3_bind_null(statement, column) }
            column += 1
        }
        texts.forEach(bind)
        bind(c.workloadHours)
        bind(c.eqfLevel)
        for text in [c.qfEheaCycle?.rawValue, c.assessmentType, c.assessmentKind.rawValue, c.participationForm.rawValue,
                     c.qualityAssurance.rawValue, c.prerequisites, c.supervision?.rawValue, c.grade, c.stackability?.rawValue,
                     c.stackableTowards, c.furtherInfo] { bind(text) }
        bind(c.learnerBirthYear)
        for text in [c.learnerGender?.rawValue, c.learnerCitizenship, c.iscedF, c.language, c.status.rawValue] { bind(text) }
        bind(Int(importId))
        bind(provenance.record)
        bind(provenance.line)
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)))
        }
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
