import Foundation
import MCStore
import MCStorePostgres
import MCTestSupport
import Testing

/// ``StoreCopy`` (`mcstat store copy`) between real stores of both kinds: it names every table of
/// the schema (a table a migration adds and the copy leaves out fails here), and values that are
/// hard to carry (NULL beside '', tabs, newlines, backslashes, `\N`, non-ASCII text, the extreme
/// 64-bit record keys, empty and binary blobs) come back as they were after SQLite → PostgreSQL →
/// SQLite and PostgreSQL → PostgreSQL.
@Suite struct StoreCopyTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func open(_ backend: StoreBackend, _ location: String) throws -> any PipelineStore {
        switch backend {
        case .sqlite: return try Store(path: location, access: .write)
        case .postgresql: return try PostgresStores.open(url: location, access: .write, command: "test")
        }
    }

    @Test(arguments: StoreBackend.all)
    func theCopyNamesEveryTableOfTheSchema(_ backend: StoreBackend) throws {
        defer { directory.remove() }
        try backend.withStore(in: directory) { location in
            let schema = try open(backend, location).tableColumns()
            #expect(Set(schema.keys) == Set(StoreCopy.tables), "tables the copy does not name, or names but the schema lacks")
            #expect(StoreCopy.tables.count == Set(StoreCopy.tables).count)
        }
    }

    @Test(.enabled(if: StoreBackend.all.contains(.postgresql), "this build has no PostgreSQL store"))
    func bothKindsHaveTheSameColumns() throws {
        defer { directory.remove() }
        let sqlite = try open(.sqlite, directory.path("a.sqlite")).tableColumns()
        let postgres = try StoreBackend.postgresql.withStore(in: directory) { try open(.postgresql, $0).tableColumns() }
        for table in StoreCopy.tables {
            #expect(Set(sqlite[table] ?? []) == Set(postgres[table] ?? []), "\(table)")
        }
    }

    static let hostile = "tab\there, newline\nand cr\r, back\\slash, \\N, Ünïcödé €"

    /// A row of every table (ids out of order, NULL and '' side by side).
    static let rows: [(table: String, columns: [String], values: [[StoreValue]])] = [
        ("settings", ["name", "value"], [[.text("key_fingerprint"), .text("f1")], [.text(hostile), .text("")]]),
        ("runs", ["id", "pipeline", "started_at", "finished_at", "outcome", "summary"],
         [[.int(7), .text(hostile), .text("2026-01-01T00:00:00Z"), .null, .text("running"), .text("{\"a\": \"b\\\\c\"}\n")]]),
        ("imports", ["id", "path", "sha256", "binding", "format", "read", "accepted", "rejected", "warnings", "imported_at", "run_id", "stale"],
         [[.int(3), .text(hostile), .text("s1"), .null, .text("csv"), .int(2), .int(1), .int(1), .int(0), .text("t"), .int(7), .int(0)],
          [.int(9), .text("b.csv"), .text("s2"), .text(""), .text("csv"), .int(1), .int(1), .int(0), .int(3), .text("t"), .null, .int(1)]]),
        ("credentials", ["awarding_body_id", "credential_id", "learner_key", "title", "issuer_country", "issuer_region", "issue_date",
                         "learning_outcomes", "ects", "workload_hours", "assessment_type", "assessment_kind", "participation_form",
                         "quality_assurance", "status", "import_id", "record", "line", "record_key", "learner_record_key"],
         [[.text("AB"), .text("C-1"), .text("k1"), .text(hostile), .text("DE"), .text(""), .text("2025-01-01"), .text("[\"x\"]"),
           .text("2.5"), .null, .text("exam"), .text("graded"), .text("online"), .text("qa"), .text("issued"), .int(3), .int(1), .int(2),
           .int(.min), .int(.max)],
          [.text("AB"), .text("C-0"), .text("k2"), .text("t"), .text("FR"), .null, .text("2025-01-02"), .text("[]"),
           .null, .int(40), .text("exam"), .text("graded"), .text("onsite"), .text("qa"), .text("revoked"), .int(9), .int(4), .null,
           .null, .int(-1)]]),
        ("credential_versions", ["id", "awarding_body_id", "credential_id", "content_hash", "import_id", "record", "line"],
         [[.int(11), .text("AB"), .text("C-1"), .text("h"), .int(3), .int(1), .int(2)], [.int(4), .text("AB"), .text("C-0"), .text(""), .int(9), .int(4), .null]]),
        ("quarantine", ["id", "import_id", "file", "record", "line", "pointer", "awarding_body_id", "reason_code", "message", "raw",
                        "byte_start", "byte_end", "bytes_sha256"],
         [[.int(2), .int(3), .text("a.csv"), .int(2), .int(3), .null, .null, .text("bad_issue_date"), .text(hostile), .text(hostile),
           .int(0), .int(1 << 40), .text("s")]]),
        ("releases", ["id", "out_name", "released_at", "run_id", "hold", "layout", "released", "held"],
         [[.int(5), .text("/out"), .text("t"), .int(7), .int(10), .text("l"), .text("[]"), .text(hostile)]]),
        ("release_groups", ["out_name", "country", "year", "release_id", "layout", "rows", "versions"],
         [[.text("/out"), .text("DE"), .text("2025"), .int(5), .text("l"), .bytes([0, 9, 10, 13, 92, 78, 255]), .bytes([])]]),
        ("accounts", ["id", "role", "awarding_bodies", "label", "token_sha256", "created_at", "revoked_at"],
         [[.text("acc"), .text("submitter"), .text("AB"), .text(hostile), .text("sha"), .text("t"), .null]]),
        ("page_sessions", ["seq", "id_sha256", "account_id", "expires_ms"],
         [[.int(4), .text("p1"), .text("acc"), .int(1_800_000_000_000)], [.int(2), .text("p0"), .text("acc"), .int(0)]]),
        ("sign_in_nonces", ["seq", "nonce_sha256", "expires_ms"], [[.int(8), .text("n1"), .int(1_800_000_000_000)]]),
        ("sign_in_failures", ["key_sha256", "window_start_ms", "failures"], [[.text("k1"), .int(1_700_000_000_000), .int(3)]]),
        ("submissions", ["id", "account_id", "awarding_body_id", "sha256", "received_at", "file", "bytes", "receipt", "summary",
                         "raw_deleted_at", "inbox"],
         [[.text("S-1"), .text("acc"), .text("AB"), .text("x"), .text("t"), .text(hostile), .int(12), .text(hostile), .null, .text("t"), .text("i1")],
          [.text("S-0"), .text("acc"), .text("AB"), .text("y"), .text("t"), .text("f"), .int(0), .text("{}"), .text(""), .null, .null]]),
    ]

    /// Every row of every table of `store`, each table's rows sorted.
    func contents(_ store: any PipelineStore, columns: [String: [String]]) throws -> [String: [String]] {
        try store.readForCopy { reader in
            var contents: [String: [String]] = [:]
            for table in StoreCopy.tables {
                var rows: [String] = []
                let names = (columns[table] ?? []).sorted()
                try reader.eachRow(table, columns: names) { rows.append("\($0)") }
                contents[table] = rows.sorted()
            }
            return contents
        }
    }

    /// In batches of one row (each `FETCH` from a PostgreSQL source reads one row, each `COPY`
    /// into a PostgreSQL target ends after one) and of a few hundred bytes (several rows to a
    /// `FETCH`, several writes to a `COPY`, rows of growing size), every row comes back as it
    /// was, SQLite → PostgreSQL → SQLite.
    @Test(.enabled(if: StoreBackend.all.contains(.postgresql), "this build has no PostgreSQL store"))
    func rowsComeBackAsTheyWereAcrossEveryBatchBoundary() throws {
        defer { directory.remove() }
        let original = try open(.sqlite, directory.path("a.sqlite"))
        try original.writeForCopy { writer in
            for (table, columns, values) in Self.rows {
                try writer.insert(into: table, columns: columns) { add in
                    for row in values { try add(row) }
                    guard table == "quarantine" else { return }
                    for n in 0..<150 {
                        try add([.int(Int64(100 + n)), .int(3), .text("b.csv"), .int(Int64(n)), .null, .text("/\(n)"), .text("AB"),
                                 .text("missing_title"), .text(Self.hostile), .text(String(repeating: "é\t", count: n * 7)),
                                 .null, .null, n % 2 == 0 ? .null : .text("")])
                    }
                }
            }
        }
        let columns = try original.tableColumns()
        let before = try contents(original, columns: columns)
        #expect(before["quarantine"]?.count == 151)
        for (n, batches) in [StoreCopyBatches(readBytes: 1, writeBytes: 1), StoreCopyBatches(readBytes: 700, writeBytes: 900)].enumerated() {
            try StoreBackend.postgresql.withStore(in: directory) { url in
                let postgres = try open(.postgresql, url)
                let there = try StoreCopy.copy(from: original, to: postgres, batches: batches)
                #expect(there.allSatisfy { $0.source == $0.target } && there.first { $0.table == "quarantine" }?.target == 151)
                #expect(try contents(postgres, columns: columns) == before)
                let back = try open(.sqlite, directory.path("back-\(n).sqlite"))
                _ = try StoreCopy.copy(from: postgres, to: back, batches: batches)
                #expect(try contents(back, columns: columns) == before)
            }
        }
    }

    @Test(.enabled(if: StoreBackend.all.contains(.postgresql), "this build has no PostgreSQL store"))
    func valuesComeBackAsTheyWereThroughPostgreSQL() throws {
        defer { directory.remove() }
        #expect(Set(Self.rows.map(\.table)) == Set(StoreCopy.tables), "give every table a row here")
        let original = try open(.sqlite, directory.path("a.sqlite"))
        try original.writeForCopy { writer in
            for (table, columns, values) in Self.rows {
                try writer.insert(into: table, columns: columns) { add in for row in values { try add(row) } }
            }
        }
        let columns = try original.tableColumns()
        let before = try contents(original, columns: columns)
        #expect(before["release_groups"]?.first?.contains("bytes([0, 9, 10, 13, 92, 78, 255])") == true)
        #expect(before["credentials"]?.joined().contains("int(-9223372036854775808)") == true)
        try StoreBackend.postgresql.withStore(in: directory) { url in
            let postgres = try open(.postgresql, url)
            let there = try StoreCopy.copy(from: original, to: postgres)
            #expect(there.map(\.table) == StoreCopy.tables)
            for count in there {
                let inserted = Self.rows.first { $0.table == count.table }?.values.count
                #expect(count.source == inserted && count.target == inserted, "\(count)")
            }
            #expect(try contents(postgres, columns: columns) == before)
            let back = try open(.sqlite, directory.path("b.sqlite"))
            _ = try StoreCopy.copy(from: postgres, to: back)
            #expect(try contents(back, columns: columns) == before)
            try StoreBackend.postgresql.withStore(in: directory) { second in
                let alike = try open(.postgresql, second)
                _ = try StoreCopy.copy(from: postgres, to: alike)
                #expect(try contents(alike, columns: columns) == before)
            }
            #expect(throws: StoreError.self) { try StoreCopy.copy(from: back, to: postgres) }
        }
    }
}
