internal import GRDB
internal import GRDBSQLite

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The SQLite store as the source or target of `mcstat store copy` (``StoreCopy``): a row at a
/// time either way, whatever the batches.
extension Store: StoreCopying {
    package func tableColumns() throws(StoreError) -> [String: [String]] {
        try read("list the tables") { db in
            var tables: [String: [String]] = [:]
            for name in try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'grdb_migrations'
                """) {
                tables[name] = try db.columns(in: name).map(\.name)
            }
            return tables
        }
    }

    package func readForCopy<T>(batches: StoreCopyBatches, _ body: (any StoreCopyReader) throws -> T) throws -> T {
        do {
            return try queue.read { db in try body(SQLiteCopyTables(db: db)) }
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, operation: "read the store for the copy", reason: "\(error)")
        }
    }

    package func writeForCopy<T>(batches: StoreCopyBatches, _ body: (any StoreCopyWriter) throws -> T) throws -> T {
        do {
            return try queue.write { db in
                try db.execute(sql: "PRAGMA cache_size = -\(Store.importCacheKiB)")
                defer { try? db.execute(sql: "PRAGMA cache_size = -\(Store.cacheKiB)") }
                return try body(SQLiteCopyTables(db: db))
            }
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, operation: "copy into the store", reason: "\(error)")
        }
    }
}

/// A SQLite store's tables inside a copy's read or write transaction: rows read and inserted
/// through prepared statements, one row at a time (memory holds one row).
struct SQLiteCopyTables: StoreCopyReader, StoreCopyWriter {
    let db: Database

    func count(_ table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
    }

    func eachRow(_ table: String, columns: [String], _ visit: ([StoreValue]) throws -> Void) throws {
        let list = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let statement = try db.makeStatement(sql: "SELECT \(list) FROM \(table.quotedDatabaseIdentifier) ORDER BY rowid")
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var values = [StoreValue](repeating: .null, count: columns.count)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
            }
            for index in columns.indices {
                let column = Int32(index)
                switch sqlite3_column_type(handle, column) {
                case SQLITE_INTEGER: values[index] = .int(sqlite3_column_int64(handle, column))
                case SQLITE_FLOAT: values[index] = .real(sqlite3_column_double(handle, column))
                case SQLITE_TEXT:
                    let count = Int(sqlite3_column_bytes(handle, column))
                    values[index] = .text(sqlite3_column_text(handle, column).map {
                        String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
                    } ?? "")
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(handle, column))
                    values[index] = .bytes(sqlite3_column_blob(handle, column).map {
                        Array(UnsafeRawBufferPointer(start: $0, count: count))
                    } ?? [])
                default: values[index] = .null
                }
            }
            try visit(values)
        }
    }

    func insert(into table: String, columns: [String], _ feed: (([StoreValue]) throws -> Void) throws -> Void) throws {
        let list = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let statement = try db.makeStatement(sql: "INSERT INTO \(table.quotedDatabaseIdentifier) (\(list)) VALUES (\(marks))")
        let handle = statement.sqliteStatement
        try feed { values in
            sqlite3_reset(handle)
            for (index, value) in values.enumerated() {
                let position = Int32(index + 1)
                switch value {
                case .null: sqlite3_bind_null(handle, position)
                case .int(let number): sqlite3_bind_int64(handle, position, number)
                case .real(let number): sqlite3_bind_double(handle, position, number)
                case .text(var text):
                    text.withUTF8 { utf8 in
                        if let start = utf8.baseAddress, utf8.count > 0 {
                            start.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                                _ = sqlite3_bind_text(handle, position, $0, Int32(utf8.count), SQLITE_TRANSIENT)
                            }
                        } else {
                            _ = sqlite3_bind_text(handle, position, "", 0, SQLITE_TRANSIENT)
                        }
                    }
                case .bytes(let bytes):
                    bytes.withUnsafeBytes { raw in
                        if let start = raw.baseAddress, raw.count > 0 {
                            _ = sqlite3_bind_blob(handle, position, start, Int32(raw.count), SQLITE_TRANSIENT)
                        } else {
                            _ = sqlite3_bind_zeroblob(handle, position, 0)
                        }
                    }
                }
            }
            let code = sqlite3_step(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
            }
        }
        sqlite3_reset(handle)
    }

    func finish() throws {}
}
