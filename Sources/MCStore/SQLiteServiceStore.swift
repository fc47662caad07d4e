import Foundation
internal import GRDB

/// The web service's tables of the SQLite store (`accounts` and `submissions`, migrations
/// `v5-accounts-submissions` and `v6-submission-summaries-retention`; the sign-in state,
/// `v11-sign-in-state`), through one WAL
/// connection pool for the program's lifetime, so that reads run while an upload is being
/// recorded.
package final class SQLiteServiceStore: ServiceStore {
    package let path: String
    let pool: DatabasePool

    /// The service's connections to `store`, already open (checked and migrated) for writing.
    package init(store: Store) throws(StoreError) {
        path = store.path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    deinit {
        try? pool.close()
        Store.settle(path: path)
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch {
            throw .database(path: path, operation: operation, reason: "\(error)")
        }
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch {
            throw .database(path: path, operation: operation, reason: "\(error)")
        }
    }
}
