import Foundation
import MCStore
import MCStorePostgres
import MCTestSupport
import Testing

/// The PostgreSQL pipeline store's own rules; what it shares with the SQLite store is tested on
/// both (MCStoreTests, `StoreBackend.all`).
@Suite struct PostgresPipelineStoreTests {
    #if PostgreSQL
    /// One migration list per kind of store, the same names in the same order.
    @Test func bothKindsHaveTheSameMigrationsInTheSameOrder() {
        #expect(PostgresPipelineMigrations.all.map(\.name) == Store.migrationNames)
    }

    /// A reader refuses an empty database (no store there) and changes nothing; a writer makes
    /// the store; `.update` (serve, report under a hold) never makes one.
    @Test func onlyAWriterMakesAStoreInAnEmptyDatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try StoreBackend.postgresql.withStore(in: directory) { url in
            for access in [Store.Access.read, .update] {
                #expect {
                    _ = try PostgresStores.open(url: url, access: access, command: "tests")
                } throws: { error in
                    guard case .missing? = error as? StoreError else { return false }
                    return true
                }
            }
            let location = try PostgresLocation(url: url, environment: ProcessInfo.processInfo.environment, currentUser: NSUserName())
            let session = try PostgresSession(location: location, applicationName: "tests")
            defer { session.close() }
            #expect(try session.row("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")?.int(0) == 0)
            let store = try PostgresStores.open(url: url, access: .write, command: "tests")
            #expect(try store.health().migrations == Store.migrationNames.count)
            #expect(try PostgresStores.open(url: url, access: .read, command: "tests").runs().isEmpty)
            // Text sorts by its bytes, as SQLite sorts it.
            #expect(try session.row("SELECT collation_name FROM information_schema.columns WHERE table_name = 'credentials' AND column_name = 'learner_key'")?.string(0) == "C")
        }
    }
    #endif
}
