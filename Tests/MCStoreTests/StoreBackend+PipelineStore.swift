import MCStore
import MCStorePostgres
import MCTestSupport

extension StoreBackend {
    /// Runs `body` with a new, empty pipeline store of this kind, opened for writing, and a way
    /// to open it again (a second connection to the same store).
    func withPipelineStore<T>(in directory: TemporaryDirectory,
                              _ body: (any PipelineStore, () throws -> any PipelineStore) throws -> T) throws -> T {
        try withStore(in: directory) { location in
            func open() throws -> any PipelineStore {
                switch StoreLocation(location) {
                case .file(let path): try Store(path: path, access: .write)
                case .postgres(let url): try PostgresStores.open(url: url, access: .write, command: "tests")
                }
            }
            return try body(try open(), open)
        }
    }
}
