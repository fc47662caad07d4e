package import MCStore

/// Opens the pipeline's store that `--store` or `MCSTAT_STORE` names, whichever kind it is: the
/// one place that knows the kinds (cli.md, "Stores"). Every command and the web service open
/// their pipeline store here and hold it as `any PipelineStore`.
package enum StoreOpener {
    /// The store at `location`, opened for `access` (a writer creates a missing SQLite store;
    /// see ``Store/Access``). A location this mcstat cannot open throws
    /// ``StoreError/unsupported(path:reason:)``, a usage error.
    package static func open(_ location: StoreLocation, access: Store.Access) throws(StoreError) -> any PipelineStore {
        switch location {
        case .file(let path):
            return try Store(path: path, access: access)
        case .postgres:
            throw noPostgres(location)
        }
    }

    /// Throws ``StoreError/unsupported(path:reason:)`` for a location this mcstat cannot open,
    /// before anything else is done for it (no key made, no lock taken, no file created).
    package static func requireSupported(_ location: StoreLocation) throws(StoreError) {
        if case .postgres = location { throw noPostgres(location) }
    }

    private static func noPostgres(_ location: StoreLocation) -> StoreError {
        .unsupported(path: location.description,
                     reason: "this mcstat cannot open PostgreSQL stores yet; name a SQLite store file (a path) instead")
    }
}
