#if PostgreSQL
import Foundation
import MCStorePostgres
import MCTestSupport

/// Sessions on a database of the test's own (``PostgresTestDatabase``).
enum PostgresTestSession {
    static func location(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresLocation {
        try PostgresLocation(url: url, environment: environment, currentUser: NSUserName())
    }

    /// Runs `body` with a session on a new database and that database's URL.
    static func with<T>(_ body: (PostgresSession, String) throws -> T) throws -> T {
        try PostgresTestDatabase.with { url in
            let session = try PostgresSession(location: try location(url), applicationName: "mcstat tests")
            defer { session.close() }
            return try body(session, url)
        }
    }

    /// Another session on the database `url` names.
    static func open(_ url: String, name: String = "mcstat tests") throws -> PostgresSession {
        try PostgresSession(location: try location(url), applicationName: name)
    }
}
#endif
