import Foundation

/// What an import leaves in a SQLite store, as `sqlite3` prints it, to compare two stores that
/// should hold the same: the schema, then every table an import writes, row by row in rowid
/// order, its times left out. Indexes: 0 schema, 1 credentials, 2 credential_versions,
/// 3 quarantine, 4 imports.
package enum StoreDump {
    package static func rows(_ path: String) throws -> [String] {
        try [
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name",
            "SELECT rowid, * FROM credentials ORDER BY rowid",
            "SELECT * FROM credential_versions ORDER BY id",
            "SELECT * FROM quarantine ORDER BY id",
            "SELECT id, path, sha256, binding, format, read, accepted, rejected, warnings, run_id, stale FROM imports ORDER BY id",
        ].map { try ProcessRunner.output("/usr/bin/sqlite3", [path, $0]) }
    }
}
