import Foundation
import MCStorePostgres

/// The stores a parameterised test runs on: SQLite always, PostgreSQL when this build has the
/// client (the `PostgreSQL` trait, which `make test` turns on).
///
/// ```swift
/// @Test(arguments: StoreBackend.all)
/// func ingestTwice(_ backend: StoreBackend) throws {
///     let directory = try TemporaryDirectory()
///     try backend.withStore(in: directory) { store in … "--store", store … }
/// }
/// ```
/// The PostgreSQL case needs `MCSTAT_TEST_POSTGRES_URL` (`make test` runs the suite under
/// `tools/with-postgres.sh`, which starts a throw-away server): without it the case FAILS, saying
/// how to run it, and is never skipped in silence.
package enum StoreBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgresql

    /// The backends of this build.
    package static var all: [StoreBackend] { PostgresSupport.isCompiledIn ? [.sqlite, .postgresql] : [.sqlite] }

    package var description: String { rawValue }

    /// Runs `body` with a `--store` value of a new, empty store of this kind: a path in
    /// `directory` for SQLite, the URL of a database of its own for PostgreSQL (created for this
    /// call and dropped after it).
    package func withStore<T>(in directory: TemporaryDirectory, name: String = "store", _ body: (String) throws -> T) throws -> T {
        switch self {
        case .sqlite: return try body(directory.path("\(name).sqlite"))
        case .postgresql: return try PostgresTestDatabase.with { try body($0) }
        }
    }

    /// For a test that cannot keep to one closure (an async one): the URL of a new PostgreSQL
    /// database and how to drop it, or nil (and nothing to drop) for SQLite, whose store the
    /// test names itself.
    package func makeStore() throws -> (url: String?, drop: @Sendable () -> Void) {
        switch self {
        case .sqlite: return (nil, {})
        case .postgresql:
            #if PostgreSQL
            let database = try PostgresTestDatabase.Handle()
            return (database.url, { database.drop() })
            #else
            throw PostgresTestDatabase.Unavailable(description: "this build has no PostgreSQL store: build with --traits PostgreSQL")
            #endif
        }
    }
}
