import Foundation
internal import GRDB
internal import GRDBSQLite
package import MCModel
internal import Synchronization

/// The embedded SQLite store: normalized credentials keyed by (awarding_body_id, credential_id),
/// the quarantine of rejected records, the imports ledger and the run history.
///
/// One `Store` per file for the program's lifetime. Every import is one transaction: a file is
/// either wholly imported or not at all, and a crash leaves the store as it was.
package final class Store: PipelineStore {
    /// How a command uses the store.
    package enum Access: Sendable {
        /// Writers (`ingest`, `run`, `accounts add`) create the store (mode 0600) and bring its
        /// schema up to date.
        case write
        /// `serve` and `accounts list|revoke` write to an existing store (brought up to date) but
        /// never create one: a missing store is refused, and no file appears.
        case update
        /// Readers (`report`, `runs`, `rejects`) open an existing store read-only and change
        /// nothing, also in a read-only folder.
        case read
    }

    package let path: String
    let queue: DatabaseQueue
    /// The page cache of an import, in KiB. A file's import is one transaction that inserts into
    /// two indexes keyed by awarding body (the credentials' key and the versions'): with
    /// thousands of institutions each index has a leaf page in use per body, and a cache smaller
    /// than those pages spills them to the WAL and reads them back over and over (16 MiB did at
    /// 3,000 institutions). 64 MiB holds them; it is filled only as pages are used. Pages stay
    /// SQLite's 4 KiB: larger ones make each of those leaf pages larger too (16 KiB pages
    /// doubled the time spent writing the WAL).
    ///
    /// Safe under kill -9 as before: the import's pages go to the WAL (journal_mode WAL,
    /// synchronous NORMAL), and only the commit frame makes them part of the store, so a killed
    /// import leaves WAL frames without a commit, which the next opening ignores (a new store's
    /// first import: see ``importFile(path:sha256:binding:format:runId:body:)``).
    static let importCacheKiB = 65536
    /// The page cache of a writer between imports (`report` under a hold, `serve`): a report
    /// streams the store once, so a large cache would only grow its memory (64 MiB did, by as
    /// much, at 200,000 records).
    static let cacheKiB = 16384

    /// The page cache of this opening, in KiB (`PRAGMA cache_size`).
    package func cacheSizeKiB() throws(StoreError) -> Int {
        try read("read the cache size") { db in abs(try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0) }
    }
    /// Whether this opening writes (and so puts the store in WAL mode while it is open).
    private let writes: Bool
    /// Whether this opening created the store file (its first import skips the WAL).
    private let created: Bool
    /// The versions the last ``releaseChanges(out:layout:)`` read, for ``recordRelease(_:)``.
    let releaseSpill = Mutex<ReleaseSpill?>(nil)
    /// How many times this opening sorted the current versions (``versionScans``).
    let versionScanCount = Atomic<Int>(0)

    /// Opens the store at `path`. A writer creates it when missing and migrates it; a reader
    /// refuses a missing store. Either refuses, untouched, a store that fails SQLite's quick
    /// check or that holds migrations this program does not know.
    package init(path: String, access: Access = .write) throws(StoreError) {
        SQLiteSettings.apply()
        self.path = path
        writes = access != .read
        let exists = FileManager.default.fileExists(atPath: path)
        created = !exists && access == .write
        switch access {
        case .read:
            guard exists else { throw .missing(path: path) }
            try Store.refuseForeign(path)
            queue = try Store.openReadOnly(path)
            try Store.check(queue, path: path)
            try Store.requireOwnSchema(queue, path: path)
            let current: Bool
            do { current = try queue.read { try Migrations.migrator.hasCompletedMigrations($0) } } catch {
                throw .damaged(path: path, reason: "\(error)")
            }
            guard current else { throw .outdated(path: path) }
        case .write, .update:
            if exists {
                try Store.refuseForeign(path)
                let checker = try Store.openReadOnly(path)
                try Store.check(checker, path: path)
                try Store.requireOwnSchema(checker, path: path)
                try? checker.close()
            } else {
                guard access == .write else { throw .missing(path: path) }
                try Store.create(path)
            }
            do {
                var configuration = Configuration()
                configuration.busyMode = .timeout(10)
                configuration.prepareDatabase { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    try db.execute(sql: "PRAGMA cache_size = -\(Store.cacheKiB)")
                }
                queue = try DatabaseQueue(path: path, configuration: configuration)
                try Migrations.migrator.migrate(queue)
            } catch {
                throw .cannotOpen(path: path, reason: "\(error)")
            }
        }
    }

    deinit {
        guard writes else { return }
        try? queue.close()
        Store.settle(path: path)
    }

    /// Leaves the store in rollback-journal mode once its writers are done, so that a reader
    /// (read-only, it cannot remove them) finds no `-wal` and `-shm` to create beside it. Does
    /// nothing, at once, while another connection still has the store open in WAL mode.
    package static func settle(path: String) {
        var configuration = Configuration()
        configuration.busyMode = .immediateError
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return }
        _ = try? queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        try? queue.close()
    }

    /// A writer killed in the middle of a rollback-journal transaction (its last settle, say)
    /// leaves a hot `-journal` that a read-only connection cannot roll back (SQLite error 8, and
    /// every later open would fail). A read-write connection rolls it back on its first read,
    /// under SQLite's own locks, which restores the last committed state; a journal that a live
    /// writer still holds is not hot, and SQLite leaves it alone.
    private static func rollBackHotJournal(_ path: String) {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path + "-journal"))?[.size] as? Int,
              size > 0 else { return }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return }
        _ = try? queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        try? queue.close()
    }

    /// A read-only connection. In a folder this process cannot write to, no writer can change
    /// the file either, so it is opened immutable: SQLite then creates no -wal, -shm or journal.
    private static func openReadOnly(_ path: String) throws(StoreError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let folder = (path as NSString).deletingLastPathComponent
        let writableFolder = access(folder.isEmpty ? "." : folder, W_OK) == 0
        let hasWAL = FileManager.default.fileExists(atPath: path + "-wal")
        if writableFolder { rollBackHotJournal(path) }
        var location = path
        if !writableFolder && !hasWAL {
            let absolute = (path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + path
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "?#%")
            location = "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
        }
        do {
            return try DatabaseQueue(path: location, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Refuses a store that fails the quick check or was migrated by a newer program.
    private static func check(_ queue: DatabaseQueue, path: String) throws(StoreError) {
        let verdict: [String]
        let unknown: [String]
        do {
            (verdict, unknown) = try queue.read { db in
                let verdict = try String.fetchAll(db, sql: "PRAGMA quick_check")
                let known = Set(Migrations.migrator.migrations)
                let applied = try Migrations.migrator.appliedIdentifiers(db)
                return (verdict, applied.filter { !known.contains($0) }.sorted())
            }
        } catch {
            throw .damaged(path: path, reason: "\(error)")
        }
        guard verdict == ["ok"] else {
            throw .damaged(path: path, reason: "quick check: " + verdict.prefix(3).joined(separator: "; "))
        }
        guard unknown.isEmpty else { throw .newer(path: path, unknownMigrations: unknown) }
    }

    /// Refuses, untouched, a file that is not a SQLite database at all (an empty file included):
    /// only a new file becomes a store.
    private static func refuseForeign(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        guard header == Data("SQLite format 3\0".utf8) else {
            throw .foreign(path: path, reason: header.isEmpty ? "it is an empty file" : "it is not a SQLite database")
        }
    }

    /// Refuses a SQLite database that another program made: only a file holding mcstat's
    /// migration table (with its first migration) is a store that may be read or migrated.
    private static func requireOwnSchema(_ queue: DatabaseQueue, path: String) throws(StoreError) {
        let own: Bool
        do {
            own = try queue.read { db in
                guard try db.tableExists("grdb_migrations") else { return false }
                let first = Migrations.migrator.migrations.first ?? ""
                return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM grdb_migrations WHERE identifier = ?)",
                                         arguments: [first]) ?? false
            }
        } catch {
            throw .damaged(path: path, reason: "\(error)")
        }
        guard own else { throw .foreign(path: path, reason: "it is another program's SQLite database (no mcstat migrations)") }
    }

    /// Creates an empty store file with mode 0600 (SQLite gives its -wal and -shm the same mode).
    private static func create(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// The earlier import of a file with this SHA-256 under `binding` (the awarding bodies its
    /// source binds, `|`-joined; '' for none), if any. An import from before bindings were
    /// recorded counts under any binding.
    package func previousImport(sha256: String, binding: String) throws(StoreError) -> ImportReceipt? {
        try read("look up an import") { db in
            try ImportReceipt.fetchOne(db, sql: "SELECT * FROM imports WHERE sha256 = ? AND (binding = ? OR binding IS NULL) ORDER BY id LIMIT 1",
                                       arguments: [sha256, binding])
        }
    }

    /// Imports one file in one transaction. `body` streams the file's records into the sink;
    /// when it throws, nothing of the file is kept and the error is rethrown as is.
    ///
    /// The first import into a store this opening created goes through a rollback journal, not
    /// the WAL: its cache spills (thousands of awarding bodies each keep a leaf page in use in
    /// both key indexes, more than ``importCacheKiB`` holds at full width) then overwrite pages
    /// of the store in place and are read back from it, where in the WAL every spill added a
    /// frame, every read back searched the WAL's index, and the commit's checkpoint copied the
    /// whole WAL into the store once more: a WAL of 5 GB, 38 GB read back from it, at 10 million
    /// records. As safe under kill -9: the journal keeps the original of every page the import
    /// overwrites (only the few pages the store had before it began), and the store's pages past
    /// its size then are cut off again, so the next opening, writer or reader
    /// (``rollBackHotJournal(_:)``), rolls a killed import back to the empty store.
    ///
    /// That import also fills `credential_versions` without its index, which is built once at
    /// the end (SQLite sorts the versions): so only the credentials' key index keeps a leaf page
    /// in use per awarding body and year, and those fit the cache. Its records are checked
    /// against the versions of the keys it replaced (``ImportSink``), the only ones that can make
    /// a record stale when every version is this import's; dropping and building the index are
    /// part of the import's transaction, so a killed or failed import leaves the index as it was.
    package func importFile(path file: String, sha256: String, binding: String, format: String, runId: Int64?,
                           body: (inout any RecordSink) throws -> Void) throws -> ImportReceipt {
        let firstImport = created && (try? queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM imports) AND NOT EXISTS (SELECT 1 FROM credential_versions)")
        }) == true
        if firstImport { setJournalMode("DELETE") }
        defer { if firstImport { setJournalMode("WAL") } }
        do {
            return try queue.write { db in
                try db.execute(sql: "PRAGMA cache_size = -\(Store.importCacheKiB)")
                defer { try? db.execute(sql: "PRAGMA cache_size = -\(Store.cacheKiB)") }
                if firstImport { try db.execute(sql: "DROP INDEX credential_versions_by_key") }
                let now = Store.timestamp()
                try db.execute(sql: """
                    INSERT INTO imports (path, sha256, binding, format, read, accepted, rejected, warnings, imported_at, run_id)
                    VALUES (?, ?, ?, ?, 0, 0, 0, 0, ?, ?)
                    """, arguments: [file, sha256, binding, format, now, runId])
                let importId = db.lastInsertedRowID
                var sink: any RecordSink = SQLiteRecordSink(try ImportSink(db: db, importId: importId, file: file, importedAt: now,
                                                                           firstImport: firstImport),
                                                            staleRecords: try StaleSpill(db: db))
                try body(&sink)
                try sink.settle { _ in }
                if firstImport { try Store.indexVersions(db) }
                try db.execute(sql: "UPDATE imports SET read = ?, accepted = ?, rejected = ?, warnings = ?, stale = ? WHERE id = ?",
                               arguments: [sink.read, sink.accepted, sink.rejected, sink.warnings, sink.stale, importId])
                return ImportReceipt(id: importId, path: file, sha256: sha256, format: format,
                                     read: sink.read, accepted: sink.accepted, rejected: sink.rejected,
                                     warnings: sink.warnings, stale: sink.stale, importedAt: now, runId: runId)
            }
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, operation: "import \(file)", reason: "\(error)")
        }
    }

    /// The page cache while a new store's versions are sorted for their index, in KiB.
    static let sortCacheKiB = 4096

    /// The versions' index, word for word as migration v4 made it.
    static let versionsIndex = "CREATE INDEX credential_versions_by_key ON credential_versions(awarding_body_id, credential_id, content_hash)"

    /// Builds the versions' index at the end of a new store's first import (SQLite sorts the
    /// versions, on one helper thread beside this one) and drops what the import kept of the
    /// keys it replaced. SQLite's sorter fills up to a page cache's worth of memory per thread
    /// before it writes a sorted run to a temporary file, on top of the import's cache, whose
    /// pages stay until they are written: a small cache while sorting keeps the peak where the
    /// import had it (at 16 MiB the sort took the peak from 122 to 157 MB at 1M records).
    private static func indexVersions(_ db: Database) throws {
        try db.execute(sql: "PRAGMA cache_size = -\(sortCacheKiB)")
        try db.execute(sql: "PRAGMA threads = 1")
        try db.execute(sql: versionsIndex)
        try db.execute(sql: "DROP TABLE temp.\(ImportSink.replacedTable)")
    }

    /// Switches the journal mode between transactions; stays in the mode it is in when another
    /// connection has the store open in WAL mode (SQLite refuses then).
    private func setJournalMode(_ mode: String) {
        _ = try? queue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = \(mode)") }
    }

    static let factColumns = """
        SELECT awarding_body_id, credential_id, learner_key, issuer_country, issue_date, ects,
               eqf_level, assessment_kind, participation_form, quality_assurance, supervision, stackability,
               isced_f, learner_birth_year, learner_gender, learner_citizenship, status,
               prerequisites IS NOT NULL AS has_prerequisites, grade IS NOT NULL AS has_grade,
               further_info IS NOT NULL AS has_further_info, record_key, learner_record_key
        FROM credentials
        """

    /// Everything reports need, read in one transaction (one consistent snapshot): every stored
    /// credential, issued and revoked, handed to `visit` one at a time in learner-key order (so a
    /// reader can number learners without keeping their keys); then the quarantine counts per
    /// awarding body and reason, which it returns, with each body's count of accepted versions
    /// under the pseudo reason ``RejectionCount/acceptedVersions``. SQLite sorts them on up to `sortingThreads`
    /// helper threads besides the caller's.
    package func readSnapshot(sortingThreads: Int, _ visit: (CredentialFact) -> Void) throws(StoreError) -> [RejectionCount] {
        try read("read a snapshot") { db in
            try db.execute(sql: "PRAGMA threads = \(max(0, min(sortingThreads, 8)))")
            let statement = try db.makeStatement(sql: Store.factColumns + " ORDER BY learner_key")
            let handle = statement.sqliteStatement
            defer { sqlite3_reset(handle) }
            var reader = FactRowReader()
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)))
                }
                visit(try reader.fact(handle))
            }
            return try Row.fetchAll(db, sql: """
                SELECT awarding_body_id, reason_code, COUNT(*) AS n FROM quarantine
                GROUP BY awarding_body_id, reason_code
                UNION ALL
                SELECT awarding_body_id, ? AS reason_code, COUNT(*) AS n FROM credential_versions GROUP BY awarding_body_id
                ORDER BY awarding_body_id, reason_code
                """, arguments: [RejectionCount.acceptedVersions]).map(RejectionCount.init(row:))
        }
    }

    /// The import ledger, oldest first.
    package func imports() throws(StoreError) -> [ImportReceipt] {
        try read("read imports") { db in try ImportReceipt.fetchAll(db, sql: "SELECT * FROM imports ORDER BY id") }
    }

    /// Hands quarantined records to `visit` one at a time, in import and record order, filtered
    /// by run and awarding body when given, until `visit` answers false: what is held does not
    /// grow with the quarantine.
    package func eachQuarantined(runId: Int64?, awardingBodyId: String?,
                                _ visit: (QuarantinedRecord) -> Bool) throws(StoreError) {
        try read("read the quarantine") { db in
            var sql = "SELECT q.* FROM quarantine q JOIN imports i ON i.id = q.import_id WHERE 1"
            var arguments: StatementArguments = []
            if let runId { sql += " AND i.run_id = ?"; arguments += [runId] }
            if let awardingBodyId { sql += " AND q.awarding_body_id = ?"; arguments += [awardingBodyId] }
            sql += " ORDER BY q.import_id, q.record"
            let cursor = try QuarantinedRecord.fetchCursor(db, sql: sql, arguments: arguments)
            while let record = try cursor.next() {
                guard visit(record) else { break }
            }
        }
    }

    /// Whether run `id` is in the run history.
    package func runExists(id: Int64) throws(StoreError) -> Bool {
        try read("look up a run") { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [id]) ?? false
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
