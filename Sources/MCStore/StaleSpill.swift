internal import GRDB
internal import MCModel

/// The stale records of one import into a SQLite store, kept in a temporary table until the
/// import settles (see ``RecordSink/settle(_:)``): a file of re-sent old versions, every record
/// stale, does not pile them up in memory.
struct StaleSpill {
    private let db: Database
    private let insert: Statement
    /// The imports that replaced a kept record's version: a few, each kept once.
    private var references: [Int64: ImportReference] = [:]
    /// Records kept since the last ``take(_:)``.
    private(set) var count = 0

    init(db: Database) throws {
        self.db = db
        try db.execute(sql: """
            CREATE TEMP TABLE IF NOT EXISTS \(Self.table) (
                seq INTEGER PRIMARY KEY, credential_id TEXT NOT NULL, file TEXT NOT NULL, record INTEGER NOT NULL,
                line INTEGER, pointer TEXT, replaced_by INTEGER NOT NULL)
            """)
        try db.execute(sql: "DELETE FROM \(Self.table)")
        insert = try db.makeStatement(sql: """
            INSERT INTO \(Self.table) (credential_id, file, record, line, pointer, replaced_by) VALUES (?, ?, ?, ?, ?, ?)
            """)
    }

    /// Keeps a stale record until ``take(_:)``.
    mutating func keep(_ record: StaleRecord) throws {
        references[record.replacedBy.id] = record.replacedBy
        let provenance = record.provenance
        try insert.execute(arguments: [record.credentialId, provenance.file, provenance.record, provenance.line, provenance.pointer,
                                       record.replacedBy.id])
        count += 1
    }

    /// Hands the records kept so far to `found`, in the order they were kept, and forgets them.
    mutating func take(_ found: (StaleRecord) throws -> Void) throws {
        guard count > 0 else { return }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT credential_id, file, record, line, pointer, replaced_by FROM \(Self.table) ORDER BY seq
            """)
        while let row = try rows.next() {
            let id: Int64 = row[5]
            try found(StaleRecord(credentialId: row[0], provenance: Provenance(file: row[1], record: row[2], line: row[3], pointer: row[4]),
                                  replacedBy: references[id] ?? ImportReference(id: id, path: "", importedAt: "")))
        }
        try db.execute(sql: "DELETE FROM \(Self.table)")
        count = 0
    }

    /// The temporary table, one per connection, emptied by each import that opens it.
    static let table = "mcstat_stale_found"
}
