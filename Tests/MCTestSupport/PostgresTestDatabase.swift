import Foundation
import MCStorePostgres

/// A database of its own for one test on the server `MCSTAT_TEST_POSTGRES_URL` names (created,
/// then dropped with everything in it), so that tests stay independent and may run in parallel.
package enum PostgresTestDatabase {
    /// Why a PostgreSQL test cannot run.
    package struct Unavailable: Error, CustomStringConvertible {
        package let description: String

        package init(description: String) { self.description = description }
    }

    /// The server's URL, or a failure saying how to run the PostgreSQL tests.
    package static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["MCSTAT_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw Unavailable(description: """
                MCSTAT_TEST_POSTGRES_URL is not set, and this build has the PostgreSQL store: run the tests with `make test`, \
                or `tools/with-postgres.sh swift test --traits PostgreSQL` (a throw-away server by pg_virtualenv), \
                or set MCSTAT_TEST_POSTGRES_URL=postgresql://user@host:port/db (password in PGPASSWORD)
                """)
        }
        return url
    }

    /// `url` with its database replaced by `database` (its parameters kept).
    package static func url(_ url: String, database: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        var rest = url[schemeEnd.upperBound...]
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[mark...])
            rest = rest[..<mark]
        }
        var inBrackets = false
        var authority = rest
        for index in rest.indices {
            if rest[index] == "[" { inBrackets = true } else if rest[index] == "]" { inBrackets = false }
            else if rest[index] == "/" && !inBrackets { authority = rest[..<index]; break }
        }
        return "\(url[..<schemeEnd.upperBound])\(authority)/\(database)\(query)"
    }

    #if PostgreSQL
    /// A new database for a test that cannot keep to one closure (an async one): its URL, and
    /// `drop()` to call when done.
    package final class Handle: Sendable {
        package let url: String
        private let name: String
        private let server: String

        package init() throws {
            server = try serverURL()
            name = "mcstat_test_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
            let admin = try PostgresTestDatabase.admin(server)
            defer { admin.close() }
            try admin.execute("CREATE DATABASE \(name)")
            url = PostgresTestDatabase.url(server, database: name)
        }

        /// Drops the database, ending any session still on it.
        package func drop() {
            guard let admin = try? PostgresTestDatabase.admin(server) else { return }
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            admin.close()
        }
    }

    private static func admin(_ server: String) throws -> PostgresSession {
        let location = try PostgresLocation(url: server, environment: ProcessInfo.processInfo.environment, currentUser: NSUserName())
        return try PostgresSession(location: location, applicationName: "mcstat tests")
    }

    /// Every row of `table` in the database at `url`, each as PostgreSQL's text of the row
    /// (`(a,b,c)`), for checking what a store holds.
    package static func rows(of table: String, at url: String) throws -> [String] {
        let location = try PostgresLocation(url: url, environment: ProcessInfo.processInfo.environment, currentUser: NSUserName())
        let session = try PostgresSession(location: location, applicationName: "mcstat tests")
        defer { session.close() }
        return try session.rows("SELECT t::text FROM \(table) t").map { row throws(PostgresStoreError) in try row.string(0) ?? "" }
    }

    /// Runs `body` with the URL of a new database, dropped afterwards (also when `body` throws).
    package static func with<T>(_ body: (String) throws -> T) throws -> T {
        let server = try serverURL()
        let environment = ProcessInfo.processInfo.environment
        let location = try PostgresLocation(url: server, environment: environment, currentUser: NSUserName())
        let admin = try PostgresSession(location: location, applicationName: "mcstat tests")
        defer { admin.close() }
        let name = "mcstat_test_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try admin.execute("CREATE DATABASE \(name)")
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        return try body(url(server, database: name))
    }
    #else
    package static func rows(of table: String, at url: String) throws -> [String] {
        throw Unavailable(description: "this build has no PostgreSQL store: build with --traits PostgreSQL")
    }

    package static func with<T>(_ body: (String) throws -> T) throws -> T {
        throw Unavailable(description: "this build has no PostgreSQL store: build with --traits PostgreSQL")
    }
    #endif
}
