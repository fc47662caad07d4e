import Foundation
import MCStorePostgres
import MCTestSupport
import Testing

@Suite struct StoreBackendTests {
    @Test func everyCompiledBackendIsListed() {
        #expect(StoreBackend.all.first == .sqlite)
        #expect(StoreBackend.all.contains(.postgresql) == PostgresSupport.isCompiledIn)
    }

    @Test func testDatabaseURLsKeepTheServerAndParameters() {
        #expect(PostgresTestDatabase.url("postgresql://u@h:5/postgres", database: "t1") == "postgresql://u@h:5/t1")
        #expect(PostgresTestDatabase.url("postgresql://u@[::1]:5/postgres?sslmode=disable", database: "t1") == "postgresql://u@[::1]:5/t1?sslmode=disable")
        #expect(PostgresTestDatabase.url("postgresql://u@h", database: "t1") == "postgresql://u@h/t1")
    }

    #if PostgreSQL
    @Test func eachPostgreSQLStoreIsADatabaseOfItsOwnDroppedAfter() throws {
        let directory = try TemporaryDirectory()
        var seen: String?
        try StoreBackend.postgresql.withStore(in: directory) { url in
            let location = try PostgresLocation(url: url, environment: ProcessInfo.processInfo.environment, currentUser: NSUserName())
            seen = location.database
            let session = try PostgresSession(location: location, applicationName: "t")
            defer { session.close() }
            #expect(try session.row("SELECT current_database()")?.string(0) == location.database)
            #expect(try session.row("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")?.int(0) == 0)
        }
        let server = try PostgresTestDatabase.serverURL()
        let admin = try PostgresSession(location: try PostgresLocation(url: server, environment: ProcessInfo.processInfo.environment, currentUser: NSUserName()), applicationName: "t")
        defer { admin.close() }
        #expect(try admin.row("SELECT count(*) FROM pg_database WHERE datname = $1", [.text(seen ?? "")])?.int(0) == 0)
    }
    #endif

    @Test func sqliteStoresArePathsInTheTestsFolder() throws {
        let directory = try TemporaryDirectory()
        let path = try StoreBackend.sqlite.withStore(in: directory) { $0 }
        #expect(path == directory.path("store.sqlite"))
    }
}
