#if PostgreSQL
package import MCStore

/// The PostgreSQL store as the source or target of `mcstat store copy` (``StoreCopy``): read in
/// one `REPEATABLE READ` snapshot through a cursor, filled by `COPY … FROM STDIN` in one
/// transaction; either way a batch at a time (``StoreCopyBatches``).
extension PostgresPipelineStore: StoreCopying {
    package func tableColumns() throws(StoreError) -> [String: [String]] {
        try using("list the tables") { session in
            try PostgresCopyTables.columns(session).mapValues { $0.map(\.name) }
        }
    }

    package func readForCopy<T>(batches: StoreCopyBatches, _ body: (any StoreCopyReader) throws -> T) throws -> T {
        try inTransaction("read the store for the copy", readOnly: true) { session in
            try body(PostgresCopyTables(session: session, columns: try PostgresCopyTables.columns(session), batches: batches))
        }
    }

    package func writeForCopy<T>(batches: StoreCopyBatches, _ body: (any StoreCopyWriter) throws -> T) throws -> T {
        try inTransaction("copy into the store") { session in
            try body(PostgresCopyTables(session: session, columns: try PostgresCopyTables.columns(session), batches: batches))
        }
    }
}

/// A PostgreSQL store's tables inside a copy's read or write transaction.
struct PostgresCopyTables: StoreCopyReader, StoreCopyWriter {
    /// How a column's values travel: as integers, floats, bytes, or text (any other type, in
    /// PostgreSQL's text form; booleans as 0 and 1, as SQLite keeps them).
    enum Kind { case int, real, bytes, bool, text }

    struct Column {
        let name: String
        let kind: Kind
    }

    let session: PostgresSession
    let columns: [String: [Column]]
    let batches: StoreCopyBatches

    /// The base tables of the store's schema (its migration ledger left out) and their columns.
    static func columns(_ session: PostgresSession) throws(PostgresStoreError) -> [String: [Column]] {
        var tables: [String: [Column]] = [:]
        for row in try session.rows("""
            SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> $1
            ORDER BY c.table_name, c.ordinal_position
            """, [.text(PostgresMigrator.table)]) {
            let table = try row.string(0) ?? "", name = try row.string(1) ?? "", type = try row.string(2) ?? ""
            let kind: Kind = switch type {
            case "bigint", "integer", "smallint": .int
            case "double precision", "real": .real
            case "bytea": .bytes
            case "boolean": .bool
            default: .text
            }
            tables[table, default: []].append(Column(name: name, kind: kind))
        }
        return tables
    }

    func count(_ table: String) throws -> Int {
        try session.row("SELECT count(*) FROM \(Self.quoted(table))")?.int(0) ?? 0
    }

    /// The rows in primary-key order through a cursor: each `FETCH` asks for about
    /// `batches.readBytes` of rows, judged by the rows of the one before (the first asks for
    /// few), so memory holds one batch whatever the table's size. (A plain query's rows arrive
    /// faster than a SQLite target takes them, and piled up: 1.1 GB at 1,000,000 records.)
    func eachRow(_ table: String, columns names: [String], _ visit: ([StoreValue]) throws -> Void) throws {
        let kinds = try names.map { name in try kind(of: name, in: table) }
        let list = zip(names, kinds).map { name, kind in
            switch kind {
            case .int: "\(Self.quoted(name))::bigint"
            case .real: "\(Self.quoted(name))::float8"
            case .bytes: Self.quoted(name)
            case .bool: "\(Self.quoted(name))::int::bigint"
            case .text: "\(Self.quoted(name))::text"
            }
        }.joined(separator: ", ")
        let key = try session.rows("""
            SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)
            """, [.text(Self.quoted(table))]).map { row throws(PostgresStoreError) in Self.quoted(try row.string(0) ?? "") }
        let order = key.isEmpty ? "" : " ORDER BY " + key.joined(separator: ", ")
        try session.execute("DECLARE mcstat_copy NO SCROLL CURSOR FOR SELECT \(list) FROM \(Self.quoted(table))\(order)")
        var values = [StoreValue](repeating: .null, count: names.count)
        var fetch = 16
        while true {
            let rows = try session.rows("FETCH FORWARD \(fetch) FROM mcstat_copy")
            var bytes = 0
            for row in rows {
                for (index, kind) in kinds.enumerated() {
                    if row.isNull(index) { values[index] = .null; continue }
                    switch kind {
                    case .int, .bool: values[index] = .int(Int64(try row.int(index) ?? 0))
                    case .real: values[index] = .real(try row.double(index) ?? 0)
                    case .bytes: values[index] = .bytes(try row.bytes(index) ?? [])
                    case .text: values[index] = .text(try row.string(index) ?? "")
                    }
                    bytes += values[index].size
                }
                try visit(values)
            }
            if rows.count < fetch { break }
            fetch = min(max(batches.readBytes / max(bytes / rows.count, 1), 1), 65536)
        }
        try session.execute("CLOSE mcstat_copy")
    }

    /// The rows by `COPY … FROM STDIN`, ended after about `batches.writeBytes` and started
    /// again, in the same transaction.
    func insert(into table: String, columns names: [String], _ feed: (([StoreValue]) throws -> Void) throws -> Void) throws {
        let kinds = try names.map { name in try kind(of: name, in: table) }
        let flushAt = min(1 << 20, max(batches.writeBytes / 4, 1))
        var buffer = PostgresCopyBuffer(capacity: flushAt + 65536)
        var copy: PostgresCopyIn?
        var sent = 0
        func send() throws {
            let open = try copy ?? session.copyIn(table: table, columns: names)
            copy = open
            try open.write(buffer.bytes)
            sent += buffer.count
            buffer.removeAll()
            if sent >= batches.writeBytes {
                copy = nil
                sent = 0
                try open.finish()
            }
        }
        do {
            try feed { values in
                for (value, kind) in zip(values, kinds) {
                    switch (value, kind) {
                    case (.null, _): buffer.appendNull()
                    case (.int(let number), _): buffer.append(number)
                    case (.real(let number), _): buffer.append(real: number)
                    case (.text(let text), .bytes): buffer.append(bytea: Array(text.utf8))
                    case (.text(let text), _): buffer.append(text)
                    case (.bytes(let bytes), .bytes): buffer.append(bytea: bytes)
                    case (.bytes(let bytes), _): buffer.append(String(decoding: bytes, as: UTF8.self))
                    }
                }
                buffer.endRow()
                if buffer.count >= flushAt { try send() }
            }
            if buffer.count > 0 { try send() }
            try copy?.finish()
        } catch {
            copy?.abort()
            throw error
        }
    }

    /// Every identity column continues after the largest id copied into it.
    func finish() throws {
        for row in try session.rows("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """) {
            let table = try row.string(0) ?? "", column = try row.string(1) ?? ""
            try session.execute("""
                SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(\(Self.quoted(column))) FROM \(Self.quoted(table))), 0) + 1, false)
                """, [.text(Self.quoted(table)), .text(column)])
        }
    }

    private func kind(of column: String, in table: String) throws(PostgresStoreError) -> Kind {
        guard let kind = columns[table]?.first(where: { $0.name == column })?.kind else {
            throw .database(store: session.location.display, operation: "copy \(table)", reason: "it has no column \(column)")
        }
        return kind
    }

    /// An identifier as SQL names it.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

private extension StoreValue {
    /// About the bytes the value takes in a row read.
    var size: Int {
        switch self {
        case .null: 1
        case .int, .real: 8
        case .text(let text): text.utf8.count
        case .bytes(let bytes): bytes.count
        }
    }
}
#endif
