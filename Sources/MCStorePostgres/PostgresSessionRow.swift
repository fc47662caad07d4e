#if PostgreSQL
package import PostgresNIO
internal import NIOCore

/// One row a ``PostgresSession`` read: its columns by position, decoded on demand.
package struct PostgresSessionRow: Sendable {
    private let cells: PostgresRandomAccessRow
    private let store: String

    init(_ row: PostgresRow, store: String) {
        cells = row.makeRandomAccess()
        self.store = store
    }

    package var count: Int { cells.count }

    /// Column `index` as `T` (an optional type reads NULL as nil).
    package func decode<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws(PostgresStoreError) -> T {
        guard index < cells.count else {
            throw .database(store: store, operation: "reading a row", reason: "no column \(index) (the row has \(cells.count))")
        }
        let cell = cells[index]
        do { return try cell.decode(T.self, context: .default) } catch let error as PostgresDecodingError {
            throw .database(store: store, operation: "reading column \(cell.columnName)", reason: "it is not a \(T.self): \(error.code)")
        } catch {
            throw .database(store: store, operation: "reading column \(cell.columnName)", reason: "it is not a \(T.self)")
        }
    }

    /// Text, or nil for NULL.
    package func string(_ index: Int) throws(PostgresStoreError) -> String? { try decode(index, as: String?.self) }
    /// An integer of any width, or nil for NULL.
    package func int(_ index: Int) throws(PostgresStoreError) -> Int? { try decode(index, as: Int?.self) }
    package func double(_ index: Int) throws(PostgresStoreError) -> Double? { try decode(index, as: Double?.self) }
    package func bool(_ index: Int) throws(PostgresStoreError) -> Bool? { try decode(index, as: Bool?.self) }
    /// Bytes (`bytea`), or nil for NULL.
    package func bytes(_ index: Int) throws(PostgresStoreError) -> [UInt8]? {
        try decode(index, as: ByteBuffer?.self).map { Array($0.readableBytesView) }
    }
    /// Whether column `index` is NULL.
    package func isNull(_ index: Int) -> Bool { index < cells.count && cells[index].bytes == nil }
}
#endif
