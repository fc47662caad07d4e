import Foundation
internal import GRDB
internal import GRDBSQLite

/// A group's `versions` blob in `release_groups`, read and written a slice at a time through
/// SQLite's incremental blob I/O (a whole blob bound or fetched would cost its size in memory,
/// and as much again inside SQLite).
enum ReleaseBlob {
    /// The `count` bytes of row `rowid`'s versions at `offset`.
    static func read(_ db: Database, rowid: Int64, range: Range<Int>) throws -> Data {
        try withBlob(db, rowid: rowid, writing: false) { blob in
            var data = Data(count: range.count)
            let code = data.withUnsafeMutableBytes { raw in
                sqlite3_blob_read(blob, raw.baseAddress, Int32(range.count), Int32(range.lowerBound))
            }
            try check(db, code)
            return data
        }
    }

    /// Writes `bytes` into row `rowid`'s versions (made with `zeroblob` of its final size) at `offset`.
    static func write(_ db: Database, rowid: Int64, bytes: Data, at offset: Int) throws {
        guard !bytes.isEmpty else { return }
        try withBlob(db, rowid: rowid, writing: true) { blob in
            let code = bytes.withUnsafeBytes { raw in
                sqlite3_blob_write(blob, raw.baseAddress, Int32(raw.count), Int32(offset))
            }
            try check(db, code)
        }
    }

    private static func withBlob<T>(_ db: Database, rowid: Int64, writing: Bool, _ body: (OpaquePointer) throws -> T) throws -> T {
        var blob: OpaquePointer?
        let code = sqlite3_blob_open(db.sqliteConnection, "main", "release_groups", "versions", rowid, writing ? 1 : 0, &blob)
        defer { sqlite3_blob_close(blob) }
        try check(db, code)
        guard let blob else { throw DatabaseError(resultCode: .SQLITE_ERROR, message: "no blob handle for release_groups.versions") }
        return try body(blob)
    }

    private static func check(_ db: Database, _ code: Int32) throws {
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
