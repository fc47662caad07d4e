internal import MCStore

/// Why the web service, or one of its account or submission operations, could not go on. Every
/// case names what it is about; none carries a token or a record's content.
package enum ServeError: Error, Sendable, CustomStringConvertible {
    /// The store's service tables could not be read or written.
    case database(path: String, operation: String, reason: String)
    /// `serve` or `accounts list|revoke` was pointed at a store that does not exist.
    case missingStore(path: String)
    /// `--store` names a kind of store the service cannot use (yet).
    case unsupportedStore(path: String, reason: String)
    /// `accounts revoke` named an account that does not exist (or was revoked before).
    case noSuchAccount(id: String)
    /// An account was described wrongly (a submitter without awarding bodies, say).
    case invalidAccount(reason: String)
    /// The inbox (or its staging folder) could not be written.
    case inbox(path: String, reason: String)
    /// The upload was larger than `--max-upload`.
    case uploadTooLarge(limit: Int)
    /// The upload ended before its declared length (the client went away).
    case uploadCutOff(received: Int, declared: Int)
    /// `--listen` is not `HOST:PORT`.
    case listenAddress(String)
    /// The inbox lies inside the store's folder.
    case inboxInsideStore(inbox: String, storeFolder: String)
    /// Which inbox a folder is cannot be told, or `--adopt-inbox` names another id than its own.
    case inboxIdentity(path: String, reason: String)

    package var description: String {
        switch self {
        case .database(let path, let operation, let reason): "store \(path): \(operation) failed: \(reason)"
        case .missingStore(let path):
            StoreError.missing(path: path).description
        case .unsupportedStore(let path, let reason):
            StoreError.unsupported(path: path, reason: reason).description
        case .noSuchAccount(let id): "no active account with id \(id)"
        case .invalidAccount(let reason): "invalid account: \(reason)"
        case .inbox(let path, let reason): "inbox \(path): \(reason)"
        case .uploadTooLarge(let limit): "the upload is larger than the limit of \(limit) bytes"
        case .uploadCutOff(let received, let declared): "the upload ended after \(received) of \(declared) bytes"
        case .listenAddress(let value): "--listen \(value): expected HOST:PORT, e.g. 127.0.0.1:8080"
        case .inboxIdentity(let path, let reason): "inbox \(path): \(reason)"
        case .inboxInsideStore(let inbox, let folder):
            "--inbox \(inbox) lies inside the store's folder \(folder): raw uploads hold clear learner ids; keep the inbox in a folder of its own"
        }
    }
}
