/// Why a PostgreSQL store could not be reached, read or written. Messages name the store by its
/// URL without a password (there never is one: see ``PostgresLocation``) and never echo record
/// content beyond the server's own message.
package enum PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store URL cannot be used as written (exit 2).
    case badURL(reason: String)
    /// The URL carries a password; it was refused without being echoed (exit 2).
    case passwordInURL
    /// This mcstat was built without the PostgreSQL client (the `PostgreSQL` package trait) (exit 2).
    case notCompiledIn(store: String)
    /// The server could not be reached or refused the connection (exit 4).
    case cannotConnect(store: String, reason: String)
    /// A statement failed (exit 4).
    case database(store: String, operation: String, reason: String)
    /// The database holds tables but no mcstat migration table: another program's (exit 4).
    case foreign(store: String, reason: String)
    /// The store holds migrations this program does not know (a newer mcstat wrote it) (exit 4).
    case newer(store: String, unknownMigrations: [String])
    /// Another writer holds the store's advisory lock (exit 5).
    case busy(store: String, holder: String)

    package var description: String {
        switch self {
        case .badURL(let reason): "the store URL cannot be used: \(reason)"
        case .passwordInURL:
            "the store URL carries a password, which is refused (it would show in the process list and the shell's history): give it in PGPASSWORD or ~/.pgpass (or the file PGPASSFILE or passfile= names)"
        case .notCompiledIn(let store):
            "\(store) is a PostgreSQL store, but this mcstat was built without the PostgreSQL client: build it with `swift build --traits PostgreSQL` (make build does), or use a SQLite store path"
        case .cannotConnect(let store, let reason): "cannot connect to the store \(store): \(reason)"
        case .database(let store, let operation, let reason): "store \(store): \(operation) failed: \(reason)"
        case .foreign(let store, let reason):
            "\(store) is not an mcstat store (\(reason)); it was left untouched: check --store or $MCSTAT_STORE"
        case .newer(let store, let unknown):
            "the store \(store) was written by a newer mcstat (unknown migrations: \(unknown.joined(separator: ", "))); it was left untouched: use that version"
        case .busy(let store, let holder):
            "the store \(store) is busy: another writer holds it (\(holder)); try again when it has finished, or pass --wait SECONDS"
        }
    }

    /// The command line's exit code for this failure (cli.md): 2 usage, 4 store, 5 busy.
    package var exitCode: Int32 {
        switch self {
        case .badURL, .passwordInURL, .notCompiledIn: 2
        case .cannotConnect, .database, .foreign, .newer: 4
        case .busy: 5
        }
    }
}
