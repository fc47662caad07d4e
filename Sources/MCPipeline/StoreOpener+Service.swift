package import MCStore
internal import MCStorePostgres

extension StoreOpener {
    /// The web service's tables (accounts, submissions, receipts) of `store`, which
    /// ``open(_:access:command:)`` opened at `location`: the SQLite store's own connection pool,
    /// or a PostgreSQL store's sessions.
    package static func serviceStore(of store: any PipelineStore, at location: StoreLocation) throws(StoreError) -> any ServiceStore {
        switch location {
        case .file(let path):
            guard let file = store as? Store else { throw .cannotOpen(path: path, reason: "not a SQLite store") }
            return try SQLiteServiceStore(store: file)
        case .postgres(let url):
            return try PostgresStores.openService(url: url)
        }
    }
}
