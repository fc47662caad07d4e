#if PostgreSQL
import MCStorePostgres
import MCTestSupport
import Testing

@Suite struct PostgresMigratorTests {
    private let first = PostgresMigration("v1-things", ["CREATE TABLE things (id bigint PRIMARY KEY)", "CREATE INDEX things_by_id ON things (id)"])
    private let second = PostgresMigration("v2-thing-names", ["ALTER TABLE things ADD COLUMN name text"])

    @Test func migratesAnEmptyStoreThenNothing() throws {
        try PostgresTestSession.with { session, _ in
            let migrator = PostgresMigrator([first, second])
            #expect(try migrator.state(session) == .empty)
            #expect(try migrator.migrate(session) == ["v1-things", "v2-thing-names"])
            #expect(try migrator.state(session) == .current)
            #expect(try migrator.migrate(session) == [])
            try session.execute("INSERT INTO things (id, name) VALUES (1, 'a')")
            let names = try session.rows("SELECT name, position FROM mcstat_migrations ORDER BY position").map { [try $0.string(0) ?? "", String(try $0.int(1) ?? -1)] }
            #expect(names == [["v1-things", "0"], ["v2-thing-names", "1"]])
        }
    }

    @Test func anOlderStoreGetsTheMissingMigrations() throws {
        try PostgresTestSession.with { session, _ in
            try PostgresMigrator([first]).migrate(session)
            let newer = PostgresMigrator([first, second])
            #expect(try newer.state(session) == .outdated(missing: ["v2-thing-names"]))
            #expect(try newer.migrate(session) == ["v2-thing-names"])
            #expect(try newer.state(session) == .current)
        }
    }

    @Test func aNewerStoreIsRefusedUntouched() throws {
        try PostgresTestSession.with { session, _ in
            try PostgresMigrator([first, second]).migrate(session)
            let older = PostgresMigrator([first])
            let error = #expect(throws: PostgresStoreError.self) { try older.migrate(session) }
            #expect(error == .newer(store: session.location.display, unknownMigrations: ["v2-thing-names"]))
            #expect(error?.exitCode == 4)
            #expect(error.map { "\($0)".contains("written by a newer mcstat (unknown migrations: v2-thing-names)") } == true)
            #expect(throws: PostgresStoreError.self) { _ = try older.state(session) }
            #expect(try session.row("SELECT count(*) FROM mcstat_migrations")?.int(0) == 2)
        }
    }

    @Test func anotherProgramsDatabaseIsRefusedUntouched() throws {
        try PostgresTestSession.with { session, _ in
            try session.execute("CREATE TABLE invoices (id int)")
            let error = #expect(throws: PostgresStoreError.self) { try PostgresMigrator([first]).migrate(session) }
            #expect(error.map { "\($0)".contains("is not an mcstat store") && "\($0)".contains("no mcstat_migrations table") } == true)
            #expect(error?.exitCode == 4)
            #expect(try session.row("SELECT to_regclass('things') IS NULL")?.bool(0) == true)
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() throws {
        try PostgresTestSession.with { session, _ in
            let broken = PostgresMigration("v2-broken", ["ALTER TABLE things ADD COLUMN ok text", "ALTER TABLE no_such_table ADD COLUMN x int"])
            #expect(throws: PostgresStoreError.self) { try PostgresMigrator([first, broken]).migrate(session) }
            #expect(try PostgresMigrator([first]).state(session) == .empty)
            try PostgresMigrator([first]).migrate(session)
            #expect(throws: PostgresStoreError.self) { try PostgresMigrator([first, broken]).migrate(session) }
            #expect(try session.row("SELECT count(*) FROM information_schema.columns WHERE table_name = 'things' AND column_name = 'ok'")?.int(0) == 0)
            #expect(try PostgresMigrator([first, broken]).state(session) == .outdated(missing: ["v2-broken"]))
        }
    }
}
#endif
