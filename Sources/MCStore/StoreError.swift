/// Why the store could not do what was asked. Every case says which store file.
package enum StoreError: Error, Sendable, CustomStringConvertible {
    /// A command that only reads was pointed at a store that does not exist.
    case missing(path: String)
    /// The file could not be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// The file is not a store, or fails SQLite's quick check; it was left untouched.
    case damaged(path: String, reason: String)
    /// The file exists but is not an mcstat store (empty, not SQLite, or another program's
    /// database); it was left untouched.
    case foreign(path: String, reason: String)
    /// The store holds migrations this program does not know (a newer mcstat wrote it).
    case newer(path: String, unknownMigrations: [String])
    /// A reader found a store an older mcstat wrote; a writer (`ingest`, `run`) upgrades it.
    case outdated(path: String)
    /// The store was filled with another pseudonymisation key.
    case keyMismatch(path: String, stored: String, given: String)
    /// A read or write failed.
    case database(path: String, operation: String, reason: String)
    /// `--store` names a kind of store this mcstat cannot open (a usage error).
    case unsupported(path: String, reason: String)
    /// `store copy` was given a target that already holds rows (table and count, the first few).
    case notEmpty(path: String, tables: [String])
    /// `store copy` found a table it does not know how to copy, or a table whose columns differ
    /// between the two stores; nothing was copied.
    case schemaMismatch(path: String, reason: String)
    /// `store copy` counted other rows in the target than in the source; nothing was kept.
    case countMismatch(path: String, table: String, source: Int, target: Int)

    package var description: String {
        switch self {
        case .missing(let path):
            "no store at \(path); only ingest, run and accounts add create one (check --store or $MCSTAT_STORE)"
        case .cannotOpen(let path, let reason): "cannot open the store \(path): \(reason)"
        case .damaged(let path, let reason):
            "the store \(path) is damaged and was left untouched (\(reason)); restore it from a backup"
        case .foreign(let path, let reason):
            "\(path) is not an mcstat store (\(reason)); it was left untouched: check --store or $MCSTAT_STORE"
        case .newer(let path, let unknown):
            "the store \(path) was written by a newer mcstat (unknown migrations: \(unknown.joined(separator: ", "))); it was left untouched: use that version"
        case .outdated(let path):
            "the store \(path) was written by an older mcstat; run ingest or run once to upgrade it"
        case .keyMismatch(let path, let stored, let given):
            "the store \(path) was filled with another pseudonymisation key (fingerprint \(stored), this key \(given)): learners would be counted twice. Use the key the store was filled with"
        case .database(let path, let operation, let reason): "store \(path): \(operation) failed: \(reason)"
        case .unsupported(let path, let reason): "cannot use the store \(path): \(reason) (check --store or $MCSTAT_STORE)"
        case .notEmpty(let path, let tables):
            "the store \(path) is not empty (\(tables.joined(separator: ", "))); nothing was copied: copy into a new SQLite file or an empty PostgreSQL database"
        case .schemaMismatch(let path, let reason): "cannot copy the store \(path): \(reason); nothing was copied"
        case .countMismatch(let path, let table, let source, let target):
            "the copy into \(path) counted \(target) rows in \(table) but the source holds \(source); nothing was kept"
        }
    }
}
