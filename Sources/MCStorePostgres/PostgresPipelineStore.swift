#if PostgreSQL
import Foundation
package import MCModel
package import MCStore

/// The pipeline's store on PostgreSQL (cli.md, "Stores"): the same tables, migrations, rules and
/// answers as the SQLite ``Store``, over one ``PostgresSession``. Calls from several threads (the
/// web service's) take turns on the session. A writer holds the store's advisory lock on a
/// session of its own (``PostgresWriterLock``).
package final class PostgresPipelineStore: PipelineStore, @unchecked Sendable {
    package let path: String
    let session: PostgresSession
    /// One call at a time on the session.
    private let turn = NSLock()

    /// Connects to the store at `location`. A writer (`.write`) makes the schema in an empty
    /// database and brings an older one up to date; `.update` does that too but refuses an empty
    /// database; a reader refuses both an empty and an older store. Any access refuses a newer
    /// store and another program's database, untouched.
    package init(location: PostgresLocation, access: Store.Access, command: String,
                 environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        path = location.display
        do {
            session = try PostgresSession(location: location, applicationName: "mcstat \(command)", environment: environment)
        } catch {
            throw StoreError(error)
        }
        let migrator = PostgresMigrator(PostgresPipelineMigrations.all)
        do {
            switch try migrator.state(session) {
            case .current: break
            case .empty:
                guard access == .write else { throw StoreError.missing(path: path) }
                try migrator.migrate(session)
            case .outdated:
                guard access != .read else { throw StoreError.outdated(path: path) }
                try migrator.migrate(session)
            }
        } catch let error as StoreError {
            session.close()
            throw error
        } catch let error as PostgresStoreError {
            session.close()
            throw StoreError(error)
        } catch {
            session.close()
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    deinit { session.close() }

    /// Runs `body` with the session, one caller at a time, a store error said as the store's.
    func using<T>(_ operation: String, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        turn.lock()
        defer { turn.unlock() }
        do {
            return try body(session)
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresStoreError {
            throw StoreError(error, operation: operation)
        } catch {
            throw .database(path: path, operation: operation, reason: "\(error)")
        }
    }

    /// Runs `body` in one transaction (a consistent snapshot when `readOnly`).
    func inTransaction<T>(_ operation: String, readOnly: Bool = false, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        try using(operation) { session in
            try session.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
            do {
                let result = try body(session)
                try session.commit()
                return result
            } catch {
                try? session.rollback()
                throw error
            }
        }
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    // MARK: Imports

    package func previousImport(sha256: String, binding: String) throws(StoreError) -> ImportReceipt? {
        try using("look up an import") { session in
            try session.row(ImportReceipt.postgresColumns + " WHERE sha256 = $1 AND (binding = $2 OR binding IS NULL) ORDER BY id LIMIT 1",
                            [.text(sha256), .text(binding)]).map(ImportReceipt.init(postgres:))
        }
    }

    package func imports() throws(StoreError) -> [ImportReceipt] {
        try using("read imports") { session in
            try session.rows(ImportReceipt.postgresColumns + " ORDER BY id").map(ImportReceipt.init(postgres:))
        }
    }

    package func importFile(path file: String, sha256: String, binding: String, format: String, runId: Int64?,
                            body: (inout any RecordSink) throws -> Void) throws -> ImportReceipt {
        turn.lock()
        defer { turn.unlock() }
        let now = Self.timestamp()
        let operation = "import \(file)"
        do {
            try session.begin()
            do {
                guard let importId = try session.row("""
                    INSERT INTO imports (path, sha256, binding, format, read, accepted, rejected, warnings, imported_at, run_id)
                    VALUES ($1, $2, $3, $4, 0, 0, 0, 0, $5, $6) RETURNING id
                    """, [.text(file), .text(sha256), .text(binding), .text(format), .text(now), .int(runId.map(Int.init))])?.int(0) else {
                    throw StoreError.database(path: path, operation: operation, reason: "no import id")
                }
                let staging = try PostgresStaging(session: session, importId: Int64(importId), file: file)
                var sink: any RecordSink = PostgresRecordSink(staging: staging)
                try body(&sink)
                try sink.settle { _ in }
                try session.execute("UPDATE imports SET read = $1, accepted = $2, rejected = $3, warnings = $4, stale = $5 WHERE id = $6",
                                    [.int(sink.read), .int(sink.accepted), .int(sink.rejected), .int(sink.warnings), .int(sink.stale), .int(importId)])
                try session.commit()
                return ImportReceipt(id: Int64(importId), path: file, sha256: sha256, format: format,
                                     read: sink.read, accepted: sink.accepted, rejected: sink.rejected,
                                     warnings: sink.warnings, stale: sink.stale, importedAt: now, runId: runId)
            } catch {
                try? session.rollback()
                throw error
            }
        } catch let error as PostgresStoreError {
            throw StoreError(error, operation: operation)
        }
    }

    package func eachQuarantined(runId: Int64?, awardingBodyId: String?, _ visit: (QuarantinedRecord) -> Bool) throws(StoreError) {
        try eachQuarantined(runId: runId, awardingBodyId: awardingBodyId, fetchRows: PostgresSession.cursorRows, visit)
    }

    /// ``eachQuarantined(runId:awardingBodyId:_:)`` reading `fetchRows` records a `FETCH` (tests
    /// try small ones): one batch is held at a time, whatever the quarantine's size.
    package func eachQuarantined(runId: Int64?, awardingBodyId: String?, fetchRows: Int,
                                 _ visit: (QuarantinedRecord) -> Bool) throws(StoreError) {
        try inTransaction("read the quarantine", readOnly: true) { session in
            var sql = """
                SELECT q.id, q.import_id, q.file, q.record, q.line, q.pointer, q.awarding_body_id, q.reason_code, q.field,
                       q.element, q.message, q.raw, q.byte_start, q.byte_end, q.bytes_sha256
                FROM quarantine q JOIN imports i ON i.id = q.import_id WHERE true
                """
            var binds: [PostgresValue] = []
            if let runId { binds.append(.int(runId)); sql += " AND i.run_id = $\(binds.count)" }
            if let awardingBodyId { binds.append(.text(awardingBodyId)); sql += " AND q.awarding_body_id = $\(binds.count)" }
            sql += " ORDER BY q.import_id, q.record, q.id"
            try session.forEachRow(cursor: "mcstat_quarantine", sql, binds, fetchRows: fetchRows) { row in
                visit(try QuarantinedRecord(postgres: row))
            }
        }
    }

    // MARK: Facts

    package func readSnapshot(sortingThreads: Int, _ visit: (CredentialFact) -> Void) throws -> [RejectionCount] {
        try readSnapshot(fetchRows: PostgresFactReader.fetchRows, visit)
    }

    /// ``readSnapshot(sortingThreads:_:)`` reading `fetchRows` credentials a `FETCH` (tests try
    /// small ones): one batch is held at a time, whatever the store's size.
    package func readSnapshot(fetchRows: Int, _ visit: (CredentialFact) -> Void) throws -> [RejectionCount] {
        try inTransaction("read a snapshot", readOnly: true) { session in
            var reader = PostgresFactReader(store: path)
            try session.forEachRow(cursor: "mcstat_facts", PostgresFactReader.query, fetchRows: fetchRows) { row in
                visit(try reader.fact(row))
                return true
            }
            return try rejectionCounts(session)
        }
    }

    /// The quarantine counts per awarding body and reason, with each body's accepted versions
    /// (see ``readSnapshot(sortingThreads:_:)``).
    func rejectionCounts(_ session: PostgresSession) throws -> [RejectionCount] {
        try session.rows("""
            SELECT awarding_body_id, reason_code, n FROM (
                SELECT awarding_body_id, reason_code, COUNT(*) AS n FROM quarantine GROUP BY awarding_body_id, reason_code
                UNION ALL
                SELECT awarding_body_id, $1::text, COUNT(*) AS n FROM credential_versions GROUP BY awarding_body_id
            ) counts ORDER BY awarding_body_id COLLATE "C" NULLS FIRST, reason_code COLLATE "C"
            """, [.text(RejectionCount.acceptedVersions)]).map { row throws(PostgresStoreError) in
            RejectionCount(awardingBodyId: try row.string(0), reasonCode: try row.string(1) ?? "", count: try row.int(2) ?? 0)
        }
    }

    // MARK: Runs

    package func runExists(id: Int64) throws(StoreError) -> Bool {
        try using("look up a run") { session in try session.row("SELECT EXISTS (SELECT 1 FROM runs WHERE id = $1)", [.int(id)])?.bool(0) ?? false }
    }

    package func beginRun(pipeline: String) throws(StoreError) -> Int64 {
        try using("record a run") { session in
            Int64(try session.row("INSERT INTO runs (pipeline, started_at, outcome) VALUES ($1, $2, 'running') RETURNING id",
                                  [.text(pipeline), .text(Self.timestamp())])?.int(0) ?? 0)
        }
    }

    @discardableResult
    package func markInterruptedRuns() throws(StoreError) -> [Int64] {
        try using("mark interrupted runs") { session in
            try session.rows("UPDATE runs SET outcome = 'interrupted', finished_at = $1 WHERE outcome = 'running' RETURNING id",
                             [.text(Self.timestamp())]).map { row throws(PostgresStoreError) in Int64(try row.int(0) ?? 0) }.sorted()
        }
    }

    package func finishRun(id: Int64, outcome: String, summary: String) throws(StoreError) {
        try using("finish a run") { session in
            try session.execute("UPDATE runs SET finished_at = $1, outcome = $2, summary = $3 WHERE id = $4",
                                [.text(Self.timestamp()), .text(outcome), .text(summary), .int(id)])
        }
    }

    package func runs() throws(StoreError) -> [RunRecord] {
        try using("read run history") { session in
            try session.rows("SELECT id, pipeline, started_at, finished_at, outcome, summary FROM runs ORDER BY id DESC").map { row throws(PostgresStoreError) in
                RunRecord(id: Int64(try row.int(0) ?? 0), pipeline: try row.string(1) ?? "", startedAt: try row.string(2) ?? "",
                          finishedAt: try row.string(3), outcome: try row.string(4) ?? "", summary: try row.string(5))
            }
        }
    }

    // MARK: Keys

    package func keyFingerprint() throws(StoreError) -> (fingerprint: String?, hasCredentials: Bool) {
        try inTransaction("read the key fingerprint", readOnly: true) { session in
            (try session.row("SELECT value FROM settings WHERE name = 'key_fingerprint'")?.string(0),
             try session.row("SELECT EXISTS (SELECT 1 FROM credentials)")?.bool(0) ?? false)
        }
    }

    package func bindKeyFingerprint(_ fingerprint: String) throws(StoreError) {
        let stored: String? = try inTransaction("record the key fingerprint") { session in
            try session.execute("INSERT INTO settings (name, value) VALUES ('key_fingerprint', $1) ON CONFLICT (name) DO NOTHING",
                                [.text(fingerprint)])
            return try session.row("SELECT value FROM settings WHERE name = 'key_fingerprint'")?.string(0)
        }
        if let stored, stored != fingerprint {
            throw .keyMismatch(path: path, stored: stored, given: fingerprint)
        }
    }

    package func credentialsWithoutRecordKeys() throws(StoreError) -> Int {
        try using("count credentials without record keys") { session in
            try session.row("SELECT COUNT(*) FROM credentials WHERE record_key IS NULL OR learner_record_key IS NULL")?.int(0) ?? 0
        }
    }

    @discardableResult
    package func fillRecordKeys(slice: Int,
                                _ keys: (_ awardingBodyId: String, _ credentialId: String, _ learnerKey: String) -> RecordKeys) throws(StoreError) -> Int {
        var filled = 0
        while true {
            let done: Int = try inTransaction("give stored credentials their record keys") { session in
                let rows = try session.rows("""
                    SELECT awarding_body_id, credential_id, learner_key FROM credentials
                    WHERE record_key IS NULL OR learner_record_key IS NULL LIMIT $1
                    """, [.int(slice)])
                for row in rows {
                    let body = try row.string(0) ?? "", id = try row.string(1) ?? ""
                    let made = keys(body, id, try row.string(2) ?? "")
                    try session.execute("""
                        UPDATE credentials SET record_key = $1, learner_record_key = $2 WHERE awarding_body_id = $3 AND credential_id = $4
                        """, [.int(Int64(bitPattern: made.credential)), .int(Int64(bitPattern: made.learner)), .text(body), .text(id)])
                }
                return rows.count
            }
            filled += done
            if done < slice { return filled }
        }
    }

    // MARK: Health

    package func health() throws(StoreError) -> StoreHealth {
        try inTransaction("read the store's health", readOnly: true) { session in
            func count(_ table: String) throws -> Int { try session.row("SELECT count(*) FROM \(table)")?.int(0) ?? 0 }
            return StoreHealth(sqliteVersion: "PostgreSQL " + (try session.row("SHOW server_version")?.string(0) ?? "?"),
                               migrations: try count(PostgresMigrator.table),
                               credentials: try count("credentials"), versions: try count("credential_versions"),
                               quarantined: try count("quarantine"), runs: try count("runs"))
        }
    }
}

#endif
