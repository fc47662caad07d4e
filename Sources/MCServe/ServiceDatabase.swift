import Foundation
package import GRDB
package import MCStore

/// The store file as the web service uses it: the `accounts` and `submissions` tables (created by
/// the store's migration `v3-accounts-submissions`) through one WAL connection pool for the
/// program's lifetime, so that reads run concurrently with uploads.
package final class ServiceDatabase: Sendable {
    package let path: String
    let pool: DatabasePool

    /// Opens the store at `path`, bringing its schema up to date through ``Store`` first;
    /// `access` says whether a missing store is created (`accounts add`) or refused.
    package convenience init(path: String, access: Store.Access = .write) throws(ServeError) {
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

    deinit {
        try? pool.close()
        Store.settle(path: path)
    }

    /// The service's connections to `store`, already open (checked and migrated) for writing.
    package init(store: Store) throws(ServeError) {
        path = store.path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .database(path: path, operation: "open", reason: "\(error)")
        }
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(ServeError) -> T {
        do { return try pool.read(body) } catch let error as ServeError { throw error } catch {
            throw .database(path: path, operation: operation, reason: "\(error)")
        }
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(ServeError) -> T {
        do { return try pool.write(body) } catch let error as ServeError { throw error } catch {
            throw .database(path: path, operation: operation, reason: "\(error)")
        }
    }

    /// Now, as stored: ISO 8601 in UTC to the second.
    static func timestamp(_ date: Date = Date()) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
