/// Why the store could not do what was asked. Every case says which store file.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The file could not be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// A read or write failed.
    case database(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the store \(path): \(reason)"
        case .database(let path, let operation, let reason): "store \(path): \(operation) failed: \(reason)"
        }
    }
}
