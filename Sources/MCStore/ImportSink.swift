import Crypto
import Foundation
import GRDB
import GRDBSQLite
import MCModel

/// SQLite copies bound text at once (the strings are temporaries).
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// What became of an accepted credential.
public enum AcceptOutcome: Sendable, Equatable {
    /// A new record, or a new version that replaced the stored one.
    case stored
    /// Identical to the stored version: nothing changed.
    case unchanged
    /// Identical to a version that a newer one already replaced: the newer one stays.
    case stale(replacedBy: ImportReference)
}

/// An import named in a message: its id, file and time.
public struct ImportReference: Sendable, Equatable {
    public var id: Int64
    public var path: String
    public var importedAt: String

    public var description: String { "import \(id) (\(path), \(importedAt))" }
}

/// Receives one file's records inside its import transaction: accepted credentials are stored
/// as a new version of their key (replacing the stored one), rejected ones quarantined. Counts
/// what it got. Every version stays in `credential_versions`, so that a re-sent old version is
/// recognised (`stale`) and does not undo a correction.
public struct ImportSink {
    public private(set) var read = 0
    public private(set) var accepted = 0
    public private(set) var rejected = 0
    public private(set) var warnings = 0
    /// Accepted records identical to a version already replaced by a newer one.
    public private(set) var stale = 0

    private let importId: Int64
    private let file: String
    private let insertCredential: Statement
    private let insertQuarantine: Statement
    private let currentHash: Statement
    private let olderVersion: Statement
    private let replacingImport: Statement
    private let insertVersion: Statement
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
                import_id, record, line, content_hash, defaulted)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        currentHash = try db.makeStatement(sql: "SELECT content_hash FROM credentials WHERE awarding_body_id = ? AND credential_id = ?")
        olderVersion = try db.makeStatement(sql: """
            SELECT MAX(id) FROM credential_versions WHERE awarding_body_id = ? AND credential_id = ? AND content_hash = ?
            """)
        replacingImport = try db.makeStatement(sql: """
            SELECT i.id, i.path, i.imported_at FROM credential_versions v JOIN imports i ON i.id = v.import_id
            WHERE v.awarding_body_id = ? AND v.credential_id = ? AND v.id > ? ORDER BY v.id LIMIT 1
            """)
        insertVersion = try db.makeStatement(sql: """
            INSERT INTO credential_versions (awarding_body_id, credential_id, content_hash, import_id, record, line)
            VALUES (?,?,?,?,?,?)
            """)
        insertQuarantine = try db.makeStatement(sql: """
            INSERT INTO quarantine (import_id, file, record, line, pointer, awarding_body_id, reason_code,
                                    field, element, message, raw)
            VALUES (?,?,?,?,?,?,?,?,?,?,?)
            """)
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// Stores an accepted credential as a new version of its key, unless it is identical to the
    /// stored version (`unchanged`) or to an older one that a newer version replaced (`stale`:
    /// the newer one stays).
    @discardableResult
    public mutating func accept(_ credential: Credential, provenance: Provenance, warnings: Int = 0) throws -> AcceptOutcome {
        read += 1
        accepted += 1
        self.warnings += warnings
        let key: StatementArguments = [credential.awardingBodyId, credential.credentialId]
        let hash = try ImportSink.contentHash(of: credential, encoder: encoder)
        if let current = try String.fetchOne(currentHash, arguments: key), current == hash {
            return .unchanged
        }
        if let older = try Int64.fetchOne(olderVersion, arguments: key + [hash]),
           let row = try Row.fetchOne(replacingImport, arguments: key + [older]) {
            stale += 1
            return .stale(replacedBy: ImportReference(id: row[0], path: row[1], importedAt: row[2]))
        }
        try insertVersion.execute(arguments: key + [hash, importId, provenance.record, provenance.line])
        try store(credential, provenance: provenance, hash: hash)
        return .stored
    }

    /// The SHA-256 of a credential's normalized content (every element, the learner key included).
    static func contentHash(of credential: Credential, encoder: JSONEncoder) throws -> String {
        SHA256.hash(data: try encoder.encode(credential)).hexString
    }

    /// Writes the credential's row, replacing the one with the same key.
    ///
    /// The hot path of an import: values are bound with the SQLite C API on GRDB's prepared
    /// statement, which avoids boxing 34 arguments per row.
    private func store(_ credential: Credential, provenance: Provenance, hash: String) throws {
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
        bind(hash)
        bind(provenance.defaulted?.joined(separator: ","))
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)))
        }
    }

    /// The awarding body a rejected record names, if any.
    public static func awardingBody(of rejection: Rejection) -> String? {
        let body = rejection.values[Field.awardingBodyId.rawValue]?.joined.trimmingASCIIWhitespace()
        return body?.isEmpty == false ? body : nil
    }

    /// Quarantines a rejected record with its reason, listed under `awardingBody` (default: the
    /// one the record names).
    public mutating func quarantine(_ rejection: Rejection, warnings: Int = 0, awardingBody: String? = nil) throws {
        let raw = String(decoding: try encoder.encode(rejection.values), as: UTF8.self)
        let issue = rejection.issue
        let body = awardingBody ?? ImportSink.awardingBody(of: rejection)
        let arguments: [(any DatabaseValueConvertible)?] = [
            importId, file, rejection.provenance.record, issue.line ?? rejection.provenance.line,
            issue.pointer ?? rejection.provenance.pointer, body,
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
