internal import Crypto
import Foundation
internal import GRDB
internal import GRDBSQLite
package import MCModel

/// SQLite copies bound text at once (the strings are temporaries).
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// What became of an accepted credential.
package enum AcceptOutcome: Sendable, Equatable {
    /// A new record, or a new version that replaced the stored one.
    case stored
    /// Identical to the stored version: nothing changed.
    case unchanged
    /// Identical to a version that a newer one already replaced: the newer one stays.
    case stale(replacedBy: ImportReference)
}

/// An import named in a message: its id, file and time.
package struct ImportReference: Sendable, Equatable {
    package var id: Int64
    package var path: String
    package var importedAt: String

    package init(id: Int64, path: String, importedAt: String) {
        self.id = id
        self.path = path
        self.importedAt = importedAt
    }

    package var description: String { "import \(id) (\(path), \(importedAt))" }
}

/// Receives one file's records inside its import transaction: accepted credentials are stored
/// as a new version of their key (replacing the stored one), rejected ones quarantined. Counts
/// what it got. Every version stays in `credential_versions`, so that a re-sent old version is
/// recognised (`stale`) and does not undo a correction.
package struct ImportSink {
    package private(set) var read = 0
    package private(set) var accepted = 0
    package private(set) var rejected = 0
    package private(set) var warnings = 0
    /// Accepted records identical to a version already replaced by a newer one.
    package private(set) var stale = 0

    private let importId: Int64
    private let file: String
    private let importedAt: String
    /// In a new store's first import, which fills `credential_versions` without its index (see
    /// ``Store/importFile(path:sha256:binding:format:runId:body:)``): the versions of every key
    /// this import replaced, in a temporary table, since only they can make a record stale.
    private let replaced: (contains: Statement, insert: Statement)?
    /// Stores a credential unless its key is taken (then nothing changes): every record is
    /// first offered as new, since most are.
    private let insertCredential: Statement
    /// Stores a credential in place of the stored version of its key.
    private let replaceCredential: Statement
    private let insertQuarantine: Statement
    private let currentHash: Statement
    private let olderVersion: Statement
    private let replacingImport: Statement
    private let insertVersion: Statement
    private let setBytes: Statement
    private let db: Database

    /// `firstImport`: the store was empty and its versions have no index until the import ends.
    init(db: Database, importId: Int64, file: String, importedAt: String, firstImport: Bool = false) throws {
        self.db = db
        self.importId = importId
        self.file = file
        self.importedAt = importedAt
        if firstImport {
            try db.execute(sql: """
                CREATE TEMP TABLE IF NOT EXISTS \(ImportSink.replacedTable) (
                    awarding_body_id TEXT NOT NULL, credential_id TEXT NOT NULL, content_hash TEXT NOT NULL,
                    PRIMARY KEY (awarding_body_id, credential_id, content_hash)) WITHOUT ROWID
                """)
            replaced = (try db.makeStatement(sql: """
                            SELECT 1 FROM \(ImportSink.replacedTable) WHERE awarding_body_id = ? AND credential_id = ? AND content_hash = ?
                            """),
                        try db.makeStatement(sql: "INSERT OR IGNORE INTO \(ImportSink.replacedTable) VALUES (?, ?, ?)"))
        } else {
            replaced = nil
        }
        // A new key is stored with an INSERT that does nothing on a taken key: INSERT OR REPLACE
        // may delete a row, which with the foreign key to `imports` makes SQLite keep a statement
        // journal of every page the insert touches, and once that journal has outgrown memory
        // (64 KiB) it is written to a temporary file for every record after (most of the system
        // time of a large import). The key's uniqueness check is the lookup: a record whose key
        // is new costs no SELECT.
        let columns = """
            INTO credentials (
                awarding_body_id, credential_id, learner_key, title, issuer_country, issuer_region,
                awarding_body_name, issue_date, learning_outcomes, ects, workload_hours, eqf_level,
                qf_ehea_cycle, assessment_type, assessment_kind, participation_form, quality_assurance,
                prerequisites, supervision, grade, stackability, stackable_towards, further_info,
                learner_birth_year, learner_gender, learner_citizenship, isced_f, language, status,
                import_id, record, line, content_hash, defaulted, record_key, learner_record_key)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """
        insertCredential = try db.makeStatement(sql: "INSERT " + columns + " ON CONFLICT (awarding_body_id, credential_id) DO NOTHING")
        replaceCredential = try db.makeStatement(sql: "INSERT OR REPLACE " + columns)
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
        setBytes = try db.makeStatement(sql: "UPDATE quarantine SET byte_start = ?, byte_end = ?, bytes_sha256 = ? WHERE id = ?")
    }

    /// Stores an accepted credential as a new version of its key, unless it is identical to the
    /// stored version (`unchanged`) or to an older one that a newer version replaced (`stale`:
    /// the newer one stays).
    ///
    /// The hot path of an import: values are bound with the SQLite C API on GRDB's prepared
    /// statements, which avoids boxing 34 arguments per row; a record whose key is new costs one
    /// index lookup and two inserts.
    ///
    /// `row` is the credential's row when it was built beforehand (on another thread).
    @discardableResult
    package mutating func accept(_ credential: Credential, provenance: Provenance, warnings: Int = 0) throws -> AcceptOutcome {
        try accept(CredentialRow(credential), provenance: provenance, warnings: warnings)
    }

    /// Stores a credential by its row, built beforehand (on another thread): see
    /// ``accept(_:provenance:warnings:)-(Credential,_,_)``.
    @discardableResult
    package mutating func accept(_ row: CredentialRow, provenance: Provenance, warnings: Int = 0) throws -> AcceptOutcome {
        read += 1
        accepted += 1
        self.warnings += warnings
        // Offered as new first: stored unless its key is taken.
        let offered = insertCredential.sqliteStatement
        bindCredential(row, offered, provenance: provenance)
        try ImportSink.step(offered)
        if sqlite3_changes(db.sqliteConnection) == 1 {
            try insertVersion(row, provenance: provenance)
            return .stored
        }
        // The key is taken: its hash, as a String, is needed only now.
        let hash = row.hash
        let key = currentHash.sqliteStatement
        row.bindKey(key, from: 1)
        let current = try ImportSink.firstText(currentHash)
        // The import that replaced an earlier version with this record's hash, when there is one.
        var staleBy: ImportReference?
        if let current, let replaced {
            if current == hash { return .unchanged }
            // Every version so far came from this import: the record is stale when an earlier
            // one of its key had its hash, which only a key replaced before can have.
            let seen = replaced.contains.sqliteStatement
            row.bindKey(seen, from: 1)
            row.bindHash(seen, at: 3)
            if try ImportSink.firstText(replaced.contains) != nil {
                staleBy = ImportReference(id: importId, path: file, importedAt: importedAt)
            } else {
                let insert = replaced.insert.sqliteStatement
                row.bindKey(insert, from: 1)
                ImportSink.bind(insert, 3, .text(current))
                try ImportSink.step(insert)
                row.bindHash(insert, at: 3)
                try ImportSink.step(insert)
            }
        } else if let current {
            if current == hash { return .unchanged }
            let arguments: StatementArguments = [row.awardingBodyId, row.credentialId]
            if let older = try Int64.fetchOne(olderVersion, arguments: arguments + [hash]),
               let row = try Row.fetchOne(replacingImport, arguments: arguments + [older]) {
                staleBy = ImportReference(id: row[0], path: row[1], importedAt: row[2])
            }
        }
        if let staleBy {
            stale += 1
            return .stale(replacedBy: staleBy)
        }
        try insertVersion(row, provenance: provenance)
        let credential = replaceCredential.sqliteStatement
        bindCredential(row, credential, provenance: provenance)
        try ImportSink.step(credential)
        return .stored
    }

    /// Records `row` as a new version of its key.
    private func insertVersion(_ row: CredentialRow, provenance: Provenance) throws {
        let version = insertVersion.sqliteStatement
        row.bindKey(version, from: 1)
        row.bindHash(version, at: 3)
        ImportSink.bindOrigin(version, from: 4, importId: importId, provenance: provenance)
        try ImportSink.step(version)
    }

    /// Binds every column of `credentials` for `row` to an insert of ``columns``.
    private func bindCredential(_ row: CredentialRow, _ handle: OpaquePointer?, provenance: Provenance) {
        let next = row.bindColumns(handle) + 1
        ImportSink.bindOrigin(handle, from: next, importId: importId, provenance: provenance)
        row.bindHash(handle, at: next + 3)
        ImportSink.bind(handle, next + 4, .text(provenance.defaulted?.joined(separator: ",")))
        row.bindRecordKeys(handle, from: next + 5)
    }

    /// A value bound to a statement.
    enum Column: Sendable {
        case text(String?)
        case int(Int?)
    }

    /// Binds one value at `position` with the C API; text is handed over as its UTF-8 bytes,
    /// without making a C string first.
    static func bind(_ handle: OpaquePointer?, _ position: Int32, _ value: Column) {
        switch value {
        case .text(let text?) where text.isEmpty:
            // Empty text is still text, not NULL.
            sqlite3_bind_text(handle, position, "", 0, SQLITE_TRANSIENT)
        case .text(var text?):
            text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    _ = sqlite3_bind_text(handle, position, chars.baseAddress, Int32(chars.count), SQLITE_TRANSIENT)
                }
            }
        case .int(let number?): sqlite3_bind_int64(handle, position, Int64(number))
        case .text(nil), .int(nil): sqlite3_bind_null(handle, position)
        }
    }

    /// Binds import id, record and line from `position` on.
    private static func bindOrigin(_ handle: OpaquePointer?, from position: Int32, importId: Int64, provenance: Provenance) {
        sqlite3_bind_int64(handle, position, importId)
        bind(handle, position + 1, .int(provenance.record))
        bind(handle, position + 2, .int(provenance.line))
    }

    /// Runs a bound insert or update, then resets it.
    private static func step(_ handle: OpaquePointer?) throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)))
        }
    }

    /// The first column of the first row of a bound statement, or nil when there is no row
    /// (`.some(nil)` for NULL).
    private static func firstText(_ statement: Statement) throws -> String?? {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)))
        }
        return .some(sqlite3_column_text(handle, 0).map { String(cString: $0) })
    }

    /// The awarding body a rejected record names, if any.
    package static func awardingBody(of rejection: Rejection) -> String? {
        let body = rejection.values[Field.awardingBodyId.rawValue]?.joined.trimmingASCIIWhitespace()
        return body?.isEmpty == false ? body : nil
    }

    /// Quarantines a rejected record with its reason, listed under `awardingBody` (default: the
    /// one the record names).
    ///
    /// `raw` is the record's values as stored, when made beforehand by ``rawValues(of:)``.
    /// Returns the quarantine entry's id.
    @discardableResult
    package mutating func quarantine(_ rejection: Rejection, warnings: Int = 0, awardingBody: String? = nil,
                                    raw: String? = nil) throws -> Int64 {
        let raw = raw ?? ImportSink.rawValues(of: rejection)
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
        return db.lastInsertedRowID
    }

    /// Records where the bytes of quarantined entry `id` (a record that could not be read apart)
    /// lie in the file, and their SHA-256.
    package func recordBytes(ofQuarantined id: Int64, start: Int, end: Int, sha256: String) throws {
        try setBytes.execute(arguments: [start, end, sha256, id])
    }

    /// A rejected record's values as the quarantine stores them (JSON, keys sorted).
    package static func rawValues(of rejection: Rejection) -> String {
        rawValues(rejection.values)
    }

    /// `values` as a JSON object, keys sorted: the bytes JSONEncoder writes with `.sortedKeys`
    /// and `.withoutEscapingSlashes`, written by hand (``JSONText/encoderString(_:)``), since an encoder made per
    /// rejected record cost more than the record's other work on the import's threads.
    static func rawValues(_ values: [String: RawValue]) -> String {
        var out = "{"
        for (index, key) in values.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            out += JSONText.encoderString(key)
            out += ":"
            switch values[key]! {
            case .text(let text): out += JSONText.encoderString(text)
            case .list(let items): out += "[" + items.map(JSONText.encoderString).joined(separator: ",") + "]"
            }
        }
        return out + "}"
    }

    /// The temporary table of ``replaced``, dropped when the first import ends.
    static let replacedTable = "mcstat_first_import_replaced"

    /// The page cache of the import's connection, in KiB (`PRAGMA cache_size`).
    package func pageCacheKiB() throws -> Int {
        abs(try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0)
    }

    /// Counts file-level warnings (unknown columns, …).
    package mutating func addWarnings(_ count: Int) {
        warnings += count
    }
}
