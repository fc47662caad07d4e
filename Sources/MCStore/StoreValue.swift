/// One value of a stored row as `mcstat store copy` moves it between the kinds of store: the
/// storage classes both kinds share (SQLite's, which PostgreSQL's integer, float, text and
/// `bytea` columns map onto).
package enum StoreValue: Sendable, Equatable {
    case null
    case int(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])
}
