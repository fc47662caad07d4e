import Foundation
package import MCStore

extension PostgresStores {
    /// The web service's tables of the PostgreSQL store at `url` (``PostgresServiceStore``: a
    /// few sessions shared by the service's requests). The store must have been opened (and so
    /// migrated) by ``open(url:access:command:environment:)`` first. Without the `PostgreSQL`
    /// trait, says that this mcstat has no PostgreSQL client (a usage error).
    package static func openService(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) -> any ServiceStore {
        let store = StoreLocation.postgres(url: url).description
        #if PostgreSQL
        do {
            let location = try PostgresLocation(url: url, environment: environment, currentUser: NSUserName())
            return PostgresServiceStore(location: location, environment: environment)
        } catch {
            throw StoreError(error, store: store)
        }
        #else
        throw StoreError(PostgresStoreError.notCompiledIn(store: store), store: store)
        #endif
    }
}
