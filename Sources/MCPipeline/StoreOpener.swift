import Foundation
package import MCStore
internal import MCStorePostgres

/// Opens the pipeline's store that `--store` or `MCSTAT_STORE` names, whichever kind it is: the
/// one place that knows the kinds (cli.md, "Stores"). Every command and the web service open
/// their pipeline store here and hold it as `any PipelineStore`.
package enum StoreOpener {
    /// The store at `location`, opened for `access` by `command` (a writer creates a missing
    /// store; see ``Store/Access``). A location this build cannot open throws
    /// ``StoreError/unsupported(path:reason:)``, a usage error.
    package static func open(_ location: StoreLocation, access: Store.Access, command: String = "mcstat") throws(StoreError) -> any PipelineStore {
        switch location {
        case .file(let path): return try Store(path: path, access: access)
        case .postgres(let url): return try PostgresStores.open(url: url, access: access, command: command)
        }
    }

    /// Throws ``StoreError/unsupported(path:reason:)`` for a location this build cannot open (a
    /// PostgreSQL URL without the PostgreSQL client, or one libpq's rules refuse), before
    /// anything else is done for it (no key made, no lock taken, no file created).
    package static func requireSupported(_ location: StoreLocation) throws(StoreError) {
        if case .postgres(let url) = location { try PostgresStores.check(url: url) }
    }

    /// Takes the store's writer lock for `command`: `<store>.lock` beside a SQLite store, a
    /// session advisory lock on a PostgreSQL store (held by a session of its own). Held until the
    /// returned value is released. Another writer holding it after `wait` seconds is
    /// ``PipelineError/storeBusy(path:holder:)``.
    package static func writerLock(_ location: StoreLocation, command: String, wait: Double) throws -> AnyObject {
        switch location {
        case .file(let path):
            return try WriterLock(store: path, command: command, wait: wait)
        case .postgres(let url):
            do {
                return try PostgresStores.writerLock(url: url, command: command, wait: wait)
            } catch .busy(let store, let holder) {
                throw PipelineError.storeBusy(path: store, holder: holder)
            } catch {
                throw StoreError(error, store: StoreLocation.postgres(url: url).description)
            }
        }
    }
}
