import Foundation
internal import MCPipeline
package import MCStore

/// The store file as the web service uses it: its ``ServiceStore`` (the `accounts` and
/// `submissions` tables, behind MCStore like every other table), opened once for the program's
/// lifetime, with store errors said as the service's.
package final class ServiceDatabase: Sendable {
    package let path: String
    let tables: any ServiceStore

    /// Opens the store at `path` (a file or a PostgreSQL URL), bringing its schema up to date
    /// first; `access` says whether a missing store is created (`accounts add`) or refused.
    package convenience init(path: String, access: Store.Access = .write) throws(ServeError) {
        do {
            let (_, tables) = try Self.open(path, access: access, command: "accounts")
            self.init(tables: tables)
        } catch let error as ServeError {
            throw error
        } catch {
            throw .database(path: StoreLocation(path).description, operation: "open", reason: "\(error)")
        }
    }

    /// The pipeline store at `path` (a file or a PostgreSQL URL), opened for `access` by
    /// `command`, and its service tables. A missing or unsupported store is a ``ServeError``;
    /// any other failure the ``StoreError`` as it is.
    static func open(_ path: String, access: Store.Access, command: String) throws -> (any PipelineStore, any ServiceStore) {
        let location = StoreLocation(path)
        do {
            try StoreOpener.requireSupported(location)
            let store = try StoreOpener.open(location, access: access, command: command)
            return (store, try StoreOpener.serviceStore(of: store, at: location))
        } catch .missing {
            throw ServeError.missingStore(path: location.description)
        } catch .unsupported(let path, let reason) {
            throw ServeError.unsupportedStore(path: path, reason: reason)
        }
    }

    /// The service's connections to `store`, already open (checked and migrated) for writing.
    package init(store: Store) throws(ServeError) {
        path = store.path
        do { tables = try SQLiteServiceStore(store: store) } catch {
            throw .database(path: path, operation: "open", reason: "\(error)")
        }
    }

    /// The service's tables in a store of any kind (PostgreSQL's, say).
    package init(tables: any ServiceStore) {
        path = tables.path
        self.tables = tables
    }

    /// `body`'s result, a store error said as the service's.
    func run<T>(_ body: (any ServiceStore) throws(StoreError) -> T) throws(ServeError) -> T {
        do { return try body(tables) } catch { throw serveError(error) }
    }

    /// A store error as the service says it.
    func serveError(_ error: StoreError) -> ServeError {
        if case .database(let path, let operation, let reason) = error { return .database(path: path, operation: operation, reason: reason) }
        return .database(path: path, operation: "use", reason: "\(error)")
    }

    /// A time as the sign-in state stores it: Unix milliseconds.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// A duration in milliseconds.
    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(milliseconds(duration)) / 1000
    }

    /// Now, as stored: ISO 8601 in UTC to the second.
    static func timestamp(_ date: Date = Date()) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
