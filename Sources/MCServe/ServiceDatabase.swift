import Foundation
package import MCStore

/// The store file as the web service uses it: its ``ServiceStore`` (the `accounts` and
/// `submissions` tables, behind MCStore like every other table), opened once for the program's
/// lifetime, with store errors said as the service's.
package final class ServiceDatabase: Sendable {
    package let path: String
    let tables: ServiceStore

    /// Opens the store at `path`, bringing its schema up to date through ``Store`` first;
    /// `access` says whether a missing store is created (`accounts add`) or refused.
    package convenience init(path: String, access: Store.Access = .write) throws(ServeError) {
        try ServeError.requireFileStore(path)
        let store: Store
        do {
            store = try Store(path: path, access: access)
        } catch .missing {
            throw .missingStore(path: path)
        } catch {
            throw .database(path: path, operation: "open", reason: "\(error)")
        }
        try self.init(store: store)
    }

    /// The service's connections to `store`, already open (checked and migrated) for writing.
    package init(store: Store) throws(ServeError) {
        path = store.path
        do { tables = try ServiceStore(store: store) } catch {
            throw .database(path: path, operation: "open", reason: "\(error)")
        }
    }

    /// `body`'s result, a store error said as the service's.
    func run<T>(_ body: (ServiceStore) throws(StoreError) -> T) throws(ServeError) -> T {
        do { return try body(tables) } catch { throw serveError(error) }
    }

    /// A store error as the service says it.
    func serveError(_ error: StoreError) -> ServeError {
        if case .database(let path, let operation, let reason) = error { return .database(path: path, operation: operation, reason: reason) }
        return .database(path: path, operation: "use", reason: "\(error)")
    }

    /// Now, as stored: ISO 8601 in UTC to the second.
    static func timestamp(_ date: Date = Date()) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
