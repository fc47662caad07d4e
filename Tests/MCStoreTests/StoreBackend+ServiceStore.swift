import MCStore
import MCStorePostgres
import MCTestSupport

extension StoreBackend {
    /// Runs `body` with the service tables of a new store of this kind (created and migrated as
    /// `accounts add` does) and a way to open them again, as a second `serve` process would.
    func withServiceStore<T>(in directory: TemporaryDirectory,
                             _ body: (any ServiceStore, () throws -> any ServiceStore) throws -> T) throws -> T {
        try withStore(in: directory) { location in
            func open() throws -> any ServiceStore {
                switch StoreLocation(location) {
                case .file(let path): try SQLiteServiceStore(store: try Store(path: path, access: .write))
                case .postgres(let url):
                    try { () throws -> any ServiceStore in
                        _ = try PostgresStores.open(url: url, access: .write, command: "tests")
                        return try PostgresStores.openService(url: url)
                    }()
                }
            }
            return try body(try open(), open)
        }
    }
}
