import GRDB

/// What `mcstat doctor` reports of a store it could open.
public struct StoreHealth: Sendable, Equatable {
    /// The SQLite library's version.
    public var sqliteVersion: String
    /// Migrations applied, and how many this program knows.
    public var migrations: (applied: Int, known: Int)
    /// Current credentials, every stored version, quarantined records, recorded runs.
    public var credentials: Int, versions: Int, quarantined: Int, runs: Int

    public static func == (a: StoreHealth, b: StoreHealth) -> Bool {
        a.sqliteVersion == b.sqliteVersion && a.migrations == b.migrations && a.credentials == b.credentials
            && a.versions == b.versions && a.quarantined == b.quarantined && a.runs == b.runs
    }
}

extension Store {
    /// Counts and versions for `mcstat doctor`; the store was checked when it was opened.
    public func health() throws(StoreError) -> StoreHealth {
        try read("read the store's health") { db in
            func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
            return StoreHealth(sqliteVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?",
                               migrations: (try Migrations.migrator.appliedIdentifiers(db).count, Migrations.migrator.migrations.count),
                               credentials: try count("credentials"), versions: try count("credential_versions"),
                               quarantined: try count("quarantine"), runs: try count("runs"))
        }
    }
}
