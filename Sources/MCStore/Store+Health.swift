internal import GRDB

/// What `mcstat doctor` reports of a store it could open (a store opened for reading was
/// already checked: SQLite's quick check passed and its schema is this program's).
package struct StoreHealth: Sendable, Equatable {
    /// The SQLite library's version.
    package var sqliteVersion: String
    /// Migrations applied.
    package var migrations: Int
    /// Current credentials, every stored version, quarantined records, recorded runs.
    package var credentials: Int, versions: Int, quarantined: Int, runs: Int

    package init(sqliteVersion: String, migrations: Int, credentials: Int, versions: Int, quarantined: Int, runs: Int) {
        self.sqliteVersion = sqliteVersion
        self.migrations = migrations
        self.credentials = credentials
        self.versions = versions
        self.quarantined = quarantined
        self.runs = runs
    }
}

extension Store {
    /// Counts and versions for `mcstat doctor`.
    package func health() throws(StoreError) -> StoreHealth {
        try read("read the store's health") { db in
            func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
            return StoreHealth(sqliteVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?",
                               migrations: try Migrations.migrator.appliedIdentifiers(db).count,
                               credentials: try count("credentials"), versions: try count("credential_versions"),
                               quarantined: try count("quarantine"), runs: try count("runs"))
        }
    }
}
