import Foundation
internal import GRDB
internal import GRDBSQLite
internal import MCModel

/// The current version of every stored record, group by group: SQLite splits each record's
/// `issuer_country` into its countries (a joint award belongs to each), computes the key and
/// version digests of ``RecordVersions`` in two SQL functions and sorts by (country, year, key,
/// version) with its external sorter, so that the caller sees one group at a time in the order
/// ``RecordVersions/data`` keeps, and nothing grows with the store in this process.
enum GroupedVersions {
    /// Unsigned 64-bit digests are sorted as SQLite's signed integers with their top bit flipped.
    private static let flip: UInt64 = 1 << 63

    /// Calls `start` at each new (country, year), then `entry` for each of its records in (key,
    /// version) order. A record naming a country twice comes twice in a row.
    static func scan(_ db: Database, start: (ReleaseGroup) throws -> Void, entry: (UInt64, UInt64) throws -> Void) throws {
        register(db)
        // Country codes are checked on import (letters); the JSON array is escaped all the same.
        let statement = try db.makeStatement(sql: """
            SELECT j.value, substr(c.issue_date, 1, 4),
                   mcstat_key_digest(c.awarding_body_id, c.credential_id) AS k, mcstat_version_digest(c.content_hash) AS v
            FROM credentials c,
                 json_each('["' || replace(replace(replace(c.issuer_country, '\\', '\\\\'), '"', '\\"'), '|', '","') || '"]') j
            WHERE j.value <> ''
            ORDER BY 1, 2, 3, 4
            """)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var place: [UInt8] = []
        var scratch: [UInt8] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            scratch.removeAll(keepingCapacity: true)
            for column in Int32(0)...1 {
                if let text = sqlite3_column_text(handle, column) {
                    scratch.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))))
                }
                scratch.append(0x1F)
            }
            if scratch != place {
                swap(&place, &scratch)
                let parts = place.split(separator: 0x1F, omittingEmptySubsequences: false)
                let yearText = String(decoding: parts[1], as: UTF8.self)
                try start(ReleaseGroup(country: String(decoding: parts[0], as: UTF8.self), year: Int(yearText).map(String.init) ?? yearText))
            }
            try entry(UInt64(bitPattern: sqlite3_column_int64(handle, 2)) ^ flip, UInt64(bitPattern: sqlite3_column_int64(handle, 3)) ^ flip)
        }
    }

    /// `mcstat_key_digest(body, id)` and `mcstat_version_digest(hash)`, on this connection.
    private static func register(_ db: Database) {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
        sqlite3_create_function_v2(db.sqliteConnection, "mcstat_key_digest", 2, flags, nil, { context, count, values in
            var hash = RecordVersions.fnvBasis
            for index in 0..<Int(count) {
                if index > 0 { hash = RecordVersions.fnv(hash, 0x1F) }
                guard let value = values?[index], let text = sqlite3_value_text(value) else { continue }
                for offset in 0..<Int(sqlite3_value_bytes(value)) { hash = RecordVersions.fnv(hash, text[offset]) }
            }
            sqlite3_result_int64(context, Int64(bitPattern: RecordVersions.mixed(hash) ^ GroupedVersions.flip))
        }, nil, nil, nil)
        sqlite3_create_function_v2(db.sqliteConnection, "mcstat_version_digest", 1, flags, nil, { context, _, values in
            var hash: String?
            if let value = values?[0], let text = sqlite3_value_text(value) {
                let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value)))
                if let version = GroupedVersions.hexPrefix(bytes) {
                    sqlite3_result_int64(context, Int64(bitPattern: version ^ GroupedVersions.flip))
                    return
                }
                hash = String(decoding: bytes, as: UTF8.self)
            }
            sqlite3_result_int64(context, Int64(bitPattern: RecordVersions.version(contentHash: hash) ^ GroupedVersions.flip))
        }, nil, nil, nil)
    }

    /// The first 16 bytes as hex digits, when they all are (a SHA-256 in hex); nil otherwise, for
    /// ``RecordVersions/version(contentHash:)`` to decide.
    private static func hexPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count >= 16 else { return nil }
        var value: UInt64 = 0
        for byte in bytes.prefix(16) {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            case 0x41...0x46: digit = byte - 0x41 + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
