#if PostgreSQL
/// One named step of a PostgreSQL store's schema: statements run in order, in the migrator's
/// transaction. Never edit one that has shipped: append a new one.
package struct PostgresMigration: Sendable {
    package let name: String
    package let statements: [String]

    package init(_ name: String, _ statements: [String]) {
        self.name = name
        self.statements = statements
    }
}

/// Named, ordered migrations recorded in the table `mcstat_migrations` (name, position, when),
/// as GRDB records SQLite's. A store holding a migration this build does not know is refused
/// (``PostgresStoreError/newer(store:unknownMigrations:)``, exit 4), and a database with tables
/// but no migration table is another program's (``PostgresStoreError/foreign(store:reason:)``):
/// both are left untouched.
package struct PostgresMigrator: Sendable {
    package static let table = "mcstat_migrations"
    package let migrations: [PostgresMigration]

    package init(_ migrations: [PostgresMigration]) { self.migrations = migrations }

    /// What a store holds against this build's migrations.
    package enum State: Sendable, Equatable {
        /// No tables at all: a writer may create the store here.
        case empty
        case current
        /// Older: these migrations are still to run (a writer runs them).
        case outdated(missing: [String])
    }

    /// Reads the store's state without changing it; throws when it is newer or foreign.
    package func state(_ session: PostgresSession) throws(PostgresStoreError) -> State {
        guard try session.row("SELECT to_regclass($1) IS NOT NULL", [.text(Self.table)])?.bool(0) == true else {
            let tables = try session.row("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")?.int(0) ?? 0
            if tables > 0 {
                throw .foreign(store: session.location.display, reason: "its schema has \(tables) tables but no \(Self.table) table")
            }
            return .empty
        }
        let applied = try session.rows("SELECT name FROM \(Self.table) ORDER BY position").map { row throws(PostgresStoreError) in try row.string(0) ?? "" }
        let known = Set(migrations.map(\.name))
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty { throw .newer(store: session.location.display, unknownMigrations: unknown) }
        let done = Set(applied)
        let missing = migrations.map(\.name).filter { !done.contains($0) }
        return missing.isEmpty ? .current : .outdated(missing: missing)
    }

    /// Brings the store up to this build's schema in one transaction (serialised against other
    /// migrating sessions by a transaction advisory lock); returns the migrations it ran.
    @discardableResult
    package func migrate(_ session: PostgresSession) throws(PostgresStoreError) -> [String] {
        try session.begin()
        do throws(PostgresStoreError) {
            try session.execute("SELECT pg_advisory_xact_lock($1::int, 2)", [.int(PostgresWriterLock.key.0)])
            let missing: [String]
            switch try state(session) {
            case .current:
                try session.rollback()
                return []
            case .empty:
                try session.execute("CREATE TABLE \(Self.table) (name TEXT PRIMARY KEY, position INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                missing = migrations.map(\.name)
            case .outdated(let names):
                missing = names
            }
            for (position, migration) in migrations.enumerated() where missing.contains(migration.name) {
                for statement in migration.statements { try session.execute(statement) }
                try session.execute("INSERT INTO \(Self.table) (name, position) VALUES ($1, $2)", [.text(migration.name), .int(Int64(position))])
            }
            try session.commit()
            return missing
        } catch {
            try? session.rollback()
            throw error
        }
    }
}
#endif
