import Foundation
package import MCStore

/// Opens PostgreSQL stores for the kind-blind opener (`StoreOpener`, MCPipeline), in every
/// build: without the `PostgreSQL` trait each call says that this mcstat has no PostgreSQL
/// client (a usage error).
package enum PostgresStores {
    /// The pipeline store at `url`, connected and (for a writer) migrated; see
    /// ``PostgresPipelineStore``.
    package static func open(url: String, access: Store.Access, command: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> any PipelineStore {
        #if PostgreSQL
        let location: PostgresLocation
        do { location = try PostgresLocation(url: url, environment: environment, currentUser: NSUserName()) } catch {
            throw StoreError(error, store: StoreLocation.postgres(url: url).description)
        }
        return try PostgresPipelineStore(location: location, access: access, command: command, environment: environment)
        #else
        let store = StoreLocation.postgres(url: url).description
        throw StoreError(PostgresStoreError.notCompiledIn(store: store), store: store)
        #endif
    }

    /// Throws what is wrong with `url` before anything is done for it (no key made, no lock
    /// taken): a URL libpq's rules refuse (a password in it, say), or a build without the
    /// PostgreSQL client.
    package static func check(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        let store = StoreLocation.postgres(url: url).description
        #if PostgreSQL
        do { _ = try PostgresLocation(url: url, environment: environment, currentUser: NSUserName()) } catch {
            throw StoreError(error, store: store)
        }
        #else
        throw StoreError(PostgresStoreError.notCompiledIn(store: store), store: store)
        #endif
    }

    /// Takes the store's writer lock (a session advisory lock) on a session of its own, held
    /// until the returned value is released; throws ``PostgresStoreError/busy(store:holder:)``
    /// when another writer holds it after `wait` seconds.
    package static func writerLock(url: String, command: String, wait: Double,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresStoreError) -> AnyObject {
        #if PostgreSQL
        let location = try PostgresLocation(url: url, environment: environment, currentUser: NSUserName())
        let session = try PostgresSession(location: location, applicationName: "mcstat \(command)", environment: environment)
        do {
            return HeldWriterLock(session: session, lock: try PostgresWriterLock(session: session, command: command, wait: wait))
        } catch {
            session.close()
            throw error
        }
        #else
        throw .notCompiledIn(store: StoreLocation.postgres(url: url).description)
        #endif
    }
}

#if PostgreSQL
/// A writer lock and its session: ending the session gives the lock back.
final class HeldWriterLock {
    let session: PostgresSession
    let lock: PostgresWriterLock

    init(session: PostgresSession, lock: PostgresWriterLock) {
        self.session = session
        self.lock = lock
    }

    deinit { session.close() }
}
#endif

extension StoreError {
    /// A PostgreSQL store's failure as the store's error, so that callers and exit codes treat
    /// both kinds alike (a busy store is said by the writer lock, never here).
    /// `store` names the store in a message about its URL (never with a password).
    package init(_ error: PostgresStoreError, operation: String = "open", store: String = "the PostgreSQL store") {
        switch error {
        case .badURL, .passwordInURL, .notCompiledIn: self = .unsupported(path: store, reason: error.description)
        case .cannotConnect(let store, let reason): self = .cannotOpen(path: store, reason: reason)
        case .database(let store, let operation, let reason): self = .database(path: store, operation: operation, reason: reason)
        case .foreign(let store, let reason): self = .foreign(path: store, reason: reason)
        case .newer(let store, let unknown): self = .newer(path: store, unknownMigrations: unknown)
        case .busy(let store, let holder): self = .database(path: store, operation: operation, reason: "the store is busy (\(holder))")
        }
    }
}
