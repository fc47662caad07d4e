#if PostgreSQL
package import MCModel
package import MCStore

/// One file's staging tables in its import transaction (temporary, dropped at commit): records
/// arrive by `COPY … FROM STDIN`, then the SQLite store's rules (``ImportSink``) are applied in
/// SQL: an accepted record identical to the stored version changes nothing; one identical to a
/// version that a newer one replaced is stale (the newer one stays, the import that brought it
/// named); any other becomes a new version of its key in `credential_versions` and the current
/// row in `credentials`. Records of one key count in file order: the k-th record of each key is
/// applied in round k, every key of a round at once.
final class PostgresStaging {
    enum Table: String {
        case credentials = "staged_credentials"
        case quarantine = "staged_quarantine"
    }

    /// The columns of `credentials` a record fills, in ``CredentialRow/forEachValue(_:)`` order.
    static let credentialColumns = [
        "awarding_body_id", "credential_id", "learner_key", "title", "issuer_country", "issuer_region",
        "awarding_body_name", "issue_date", "learning_outcomes", "ects", "workload_hours", "eqf_level",
        "qf_ehea_cycle", "assessment_type", "assessment_kind", "participation_form", "quality_assurance",
        "prerequisites", "supervision", "grade", "stackability", "stackable_towards", "further_info",
        "learner_birth_year", "learner_gender", "learner_citizenship", "isced_f", "language", "status",
        "content_hash",
    ]
    static let stagedCredentialColumns = ["seq"] + credentialColumns
        + ["record", "line", "pointer", "defaulted", "record_key", "learner_record_key"]
    static let stagedQuarantineColumns = ["seq", "record", "line", "pointer", "awarding_body_id", "reason_code",
                                          "field", "element", "message", "raw"]

    private let session: PostgresSession
    private let importId: Int64
    private let file: String

    init(session: PostgresSession, importId: Int64, file: String) throws(PostgresStoreError) {
        self.session = session
        self.importId = importId
        self.file = file
        try session.execute("""
            CREATE TEMPORARY TABLE staged_credentials ON COMMIT DROP AS
            SELECT 0::bigint AS seq, \(Self.credentialColumns.joined(separator: ", ")), record, line, ''::text AS pointer,
                   defaulted, record_key, learner_record_key
            FROM credentials WITH NO DATA
            """)
        try session.execute("""
            CREATE TEMPORARY TABLE staged_quarantine ON COMMIT DROP AS
            SELECT 0::bigint AS seq, record, line, pointer, awarding_body_id, reason_code, field, element, message, raw,
                   byte_start, byte_end, bytes_sha256
            FROM quarantine WITH NO DATA
            """)
    }

    /// Sends the rows in `buffer` to `table` by one `COPY`, and empties it.
    func send(_ buffer: inout PostgresCopyBuffer, into table: Table) throws {
        guard buffer.count > 0 else { return }
        let columns = table == .credentials ? Self.stagedCredentialColumns : Self.stagedQuarantineColumns
        let bytes = buffer.bytes
        try session.copy(into: table.rawValue, columns: columns) { copy in try copy.write(bytes) }
        buffer.removeAll()
        TestHook.stop(at: "postgres-staged")
    }

    /// Moves the staged rejections into `quarantine` in file order, with the byte ranges of those
    /// that could not be read apart.
    func applyQuarantine(byteRanges: [(seq: Int64, start: Int, end: Int, sha256: String)]) throws(PostgresStoreError) {
        for range in byteRanges {
            try session.execute("UPDATE staged_quarantine SET byte_start = $1, byte_end = $2, bytes_sha256 = $3 WHERE seq = $4",
                                [.int(Int64(range.start)), .int(Int64(range.end)), .text(range.sha256), .int(range.seq)])
        }
        try session.execute("""
            INSERT INTO quarantine (import_id, file, record, line, pointer, awarding_body_id, reason_code, field, element, message, raw,
                                    byte_start, byte_end, bytes_sha256)
            SELECT $1, $2, record, line, pointer, awarding_body_id, reason_code, field, element, message, raw, byte_start, byte_end, bytes_sha256
            FROM staged_quarantine ORDER BY seq
            """, [.int(importId), .text(file)])
        try session.execute("TRUNCATE staged_quarantine")
    }

    /// Applies the staged records, round by round; hands the stale ones to `found` in file
    /// order, read through a cursor so that client memory does not grow with their number.
    ///
    /// Round 1 is every key's first record, and most of the file: it is applied straight from
    /// `staged_credentials`, once the later records of repeated keys were moved out to the small
    /// `staged_later` (numbered by their order within the key), whose rounds then cost little.
    func applyCredentials(_ found: (StaleRecord) throws -> Void) throws {
        try session.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS staged_later ON COMMIT DROP AS SELECT *, 0 AS occurrence FROM staged_credentials WITH NO DATA
            """)
        let moved = try session.execute("""
            WITH later AS (
                SELECT seq, n FROM (SELECT seq, row_number() OVER (PARTITION BY awarding_body_id, credential_id ORDER BY seq) AS n
                                    FROM staged_credentials) numbered
                WHERE n > 1
            ), moved AS (
                DELETE FROM staged_credentials s USING later l WHERE s.seq = l.seq RETURNING s.*, l.n
            )
            INSERT INTO staged_later SELECT \(Self.stagedCredentialColumns.joined(separator: ", ")), n FROM moved
            """)
        try session.execute("""
            CREATE TEMPORARY TABLE IF NOT EXISTS staged_outcomes (
                seq bigint PRIMARY KEY, outcome "char" NOT NULL, replaced_by bigint,
                credential_id text, record bigint, line bigint, pointer text)
            ON COMMIT DROP
            """)
        // The planner knows nothing of a temporary table until it is analyzed, and takes the
        // small ones for a row or two: joined with a nested loop, a round of 2,000 records took
        // seconds. Analyzing them (not the large `staged_credentials`) costs milliseconds.
        if moved > 0 { try session.execute("ANALYZE staged_later") }
        var decided = try apply(Round(table: "staged_credentials", occurrence: nil))
        if moved > 0 {
            let rounds = try session.row("SELECT max(occurrence) FROM staged_later")?.int(0) ?? 1
            for occurrence in stride(from: 2, through: rounds, by: 1) {
                decided += try apply(Round(table: "staged_later", occurrence: occurrence))
            }
        }
        if decided > 0 {
            try session.forEachRow(cursor: "mcstat_stale_records", """
                SELECT o.credential_id, o.record, o.line, o.pointer, i.id, i.path, i.imported_at
                FROM staged_outcomes o JOIN imports i ON i.id = o.replaced_by
                WHERE o.outcome = 't' ORDER BY o.seq
                """, fetchRows: 1024) { row in
                try found(StaleRecord(credentialId: try row.string(0) ?? "",
                                      provenance: Provenance(file: file, record: try row.int(1) ?? 0, line: try row.int(2),
                                                             pointer: try row.string(3)),
                                      replacedBy: ImportReference(id: Int64(try row.int(4) ?? 0), path: try row.string(5) ?? "",
                                                                  importedAt: try row.string(6) ?? "")))
                return true
            }
        }
        try session.execute("TRUNCATE staged_credentials, staged_later, staged_outcomes")
    }

    /// The records of one round: all of `staged_credentials` (every key's first record), or
    /// the records of `staged_later` that are their key's `occurrence`-th.
    struct Round {
        let table: String
        let occurrence: Int?

        var filter: String { occurrence.map { "s.occurrence = \($0)" } ?? "true" }
    }

    /// One round, decided against the store as it stands (the earlier rounds applied), then
    /// stored; returns how many of its records were of keys stored already.
    ///
    /// Only records whose key is stored already get an outcome row (u: unchanged, t: stale, s: a
    /// new version); a record without one is a new key, stored by a plain `INSERT` (no conflict
    /// to look for, no sort: the rows' order in `credentials` means nothing). The versions are
    /// numbered in file order, as SQLite numbers them.
    private func apply(_ round: Round) throws(PostgresStoreError) -> Int {
        let source = "\(round.table) s"
        let decided = try session.execute("""
            INSERT INTO staged_outcomes (seq, outcome, replaced_by, credential_id, record, line, pointer)
            SELECT s.seq,
                   CASE WHEN c.content_hash = s.content_hash THEN 'u'
                        WHEN newer.import_id IS NOT NULL THEN 't'
                        ELSE 's' END,
                   newer.import_id, s.credential_id, s.record, s.line, s.pointer
            FROM \(source)
            JOIN credentials c ON c.awarding_body_id = s.awarding_body_id AND c.credential_id = s.credential_id
            LEFT JOIN LATERAL (
                SELECT v.import_id FROM credential_versions v
                WHERE c.content_hash IS DISTINCT FROM s.content_hash
                  AND v.awarding_body_id = s.awarding_body_id AND v.credential_id = s.credential_id
                  AND v.id > (SELECT max(o.id) FROM credential_versions o
                              WHERE o.awarding_body_id = s.awarding_body_id AND o.credential_id = s.credential_id
                                AND o.content_hash = s.content_hash)
                ORDER BY v.id LIMIT 1
            ) newer ON true
            WHERE \(round.filter)
            """)
        if decided > 0 { try session.execute("ANALYZE staged_outcomes") }
        try session.execute("""
            INSERT INTO credential_versions (awarding_body_id, credential_id, content_hash, import_id, record, line)
            SELECT s.awarding_body_id, s.credential_id, s.content_hash, $1, s.record, s.line
            FROM \(source) LEFT JOIN staged_outcomes o ON o.seq = s.seq
            WHERE \(round.filter) AND (o.outcome IS NULL OR o.outcome = 's') ORDER BY s.seq
            """, [.int(importId)])
        let columns = Self.credentialColumns + ["import_id", "record", "line", "defaulted", "record_key", "learner_record_key"]
        let values = Self.credentialColumns.map { "s." + $0 } + ["$1", "s.record", "s.line", "s.defaulted", "s.record_key", "s.learner_record_key"]
        try session.execute("""
            INSERT INTO credentials (\(columns.joined(separator: ", ")))
            SELECT \(values.joined(separator: ", "))
            FROM \(source)
            WHERE \(round.filter) AND NOT EXISTS (SELECT FROM staged_outcomes o WHERE o.seq = s.seq)
            """, [.int(importId)])
        guard decided > 0 else { return 0 }
        let updates = columns.dropFirst(2).map { "\($0) = EXCLUDED.\($0)" }
        try session.execute("""
            INSERT INTO credentials (\(columns.joined(separator: ", ")))
            SELECT \(values.joined(separator: ", "))
            FROM \(source) JOIN staged_outcomes o ON o.seq = s.seq
            WHERE \(round.filter) AND o.outcome = 's'
            ON CONFLICT (awarding_body_id, credential_id) DO UPDATE SET \(updates.joined(separator: ", "))
            """, [.int(importId)])
        return decided
    }
}
#endif
