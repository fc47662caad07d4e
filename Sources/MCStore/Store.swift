import Foundation
import GRDB
import MCModel

/// The embedded SQLite store: normalized credentials keyed by (awarding_body_id, credential_id),
/// the quarantine of rejected records, the imports ledger and the run history.
///
/// One `Store` per file for the program's lifetime. Every import is one transaction: a file is
/// either wholly imported or not at all, and a crash leaves the store as it was.
public final class Store: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// Opens (or creates) the store at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Migrations.migrator.migrate(queue)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// The earlier import of a file with this SHA-256, if any.
    public func previousImport(sha256: String) throws(StoreError) -> ImportReceipt? {
        try read("look up an import") { db in
            try ImportReceipt.fetchOne(db, sql: "SELECT * FROM imports WHERE sha256 = ?", arguments: [sha256])
        }
    }

    /// Imports one file in one transaction. `body` streams the file's records into the sink;
    /// when it throws, nothing of the file is kept and the error is rethrown as is.
    public func importFile(path file: String, sha256: String, format: String, runId: Int64?,
                           body: (inout ImportSink) throws -> Void) throws -> ImportReceipt {
        do {
            return try queue.write { db in
                let now = Store.timestamp()
                try db.execute(sql: """
                    INSERT INTO imports (path, sha256, format, read, accepted, rejected, warnings, imported_at, run_id)
                    VALUES (?, ?, ?, 0, 0, 0, 0, ?, ?)
                    """, arguments: [file, sha256, format, now, runId])
                let importId = db.lastInsertedRowID
                var sink = try ImportSink(db: db, importId: importId, file: file)
                try body(&sink)
                try db.execute(sql: "UPDATE imports SET read = ?, accepted = ?, rejected = ?, warnings = ? WHERE id = ?",
                               arguments: [sink.read, sink.accepted, sink.rejected, sink.warnings, importId])
                return ImportReceipt(id: importId, path: file, sha256: sha256, format: format,
                                     read: sink.read, accepted: sink.accepted, rejected: sink.rejected,
                                     warnings: sink.warnings, importedAt: now, runId: runId)
            }
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, operation: "import \(file)", reason: "\(error)")
        }
    }

    static let factColumns = """
        SELECT awarding_body_id, credential_id, learner_key, issuer_country, issue_date, ects,
               eqf_level, assessment_kind, participation_form, quality_assurance, supervision, stackability,
               isced_f, learner_birth_year, learner_gender, learner_citizenship, status,
               prerequisites IS NOT NULL AS has_prerequisites, grade IS NOT NULL AS has_grade,
               further_info IS NOT NULL AS has_further_info
        FROM credentials
        """

    /// Every stored credential with `status = issued`, in key order: what reports count.
    public func issuedCredentials() throws(StoreError) -> [CredentialFact] {
        try snapshot().credentials.filter { $0.status == .issued }
    }

    /// Everything reports need, read in one transaction (one consistent snapshot).
    public func snapshot() throws(StoreError) -> StoreSnapshot {
        try read("read a snapshot") { db in
            StoreSnapshot(
                credentials: try CredentialFact.fetchAll(db, sql: Store.factColumns + " ORDER BY awarding_body_id, credential_id"),
                rejections: try RejectionCount.fetchAll(db, sql: """
                    SELECT awarding_body_id, reason_code, COUNT(*) AS n FROM quarantine
                    GROUP BY awarding_body_id, reason_code ORDER BY awarding_body_id, reason_code
                    """))
        }
    }

    /// The import ledger, oldest first.
    public func imports() throws(StoreError) -> [ImportReceipt] {
        try read("read imports") { db in try ImportReceipt.fetchAll(db, sql: "SELECT * FROM imports ORDER BY id") }
    }

    /// Quarantined records, filtered by run and awarding body when given.
    public func quarantined(runId: Int64? = nil, awardingBodyId: String? = nil) throws(StoreError) -> [QuarantinedRecord] {
        try read("read the quarantine") { db in
            var sql = "SELECT q.* FROM quarantine q JOIN imports i ON i.id = q.import_id WHERE 1"
            var arguments: StatementArguments = []
            if let runId { sql += " AND i.run_id = ?"; arguments += [runId] }
            if let awardingBodyId { sql += " AND q.awarding_body_id = ?"; arguments += [awardingBodyId] }
            sql += " ORDER BY q.import_id, q.record"
            return try QuarantinedRecord.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// Runs a read in one transaction (a consistent snapshot).
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw .database(path: path, operation: operation, reason: "\(error)")
        }
    }

    /// Runs a write in one transaction.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw .database(path: path, operation: operation, reason: "\(error)")
        }
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
