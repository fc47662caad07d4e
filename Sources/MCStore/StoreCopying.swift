/// What `mcstat store copy` asks of a store of either kind (``StoreCopy`` does the copying): its
/// tables and columns, one read snapshot, one write transaction.
package protocol StoreCopying: AnyObject {
    /// The store as messages name it.
    var path: String { get }
    /// Every table of the store's schema (its migration ledger left out) with its columns, in
    /// the schema's order.
    func tableColumns() throws(StoreError) -> [String: [String]]
    /// Runs `body` over one consistent, read-only snapshot of the store.
    func readForCopy<T>(_ body: (any StoreCopyReader) throws -> T) throws -> T
    /// Runs `body` in one write transaction: committed when it returns, rolled back (nothing
    /// kept) when it throws or the process dies.
    func writeForCopy<T>(_ body: (any StoreCopyWriter) throws -> T) throws -> T
}

/// A store's tables as a copy reads them, inside ``StoreCopying/readForCopy(_:)``.
package protocol StoreCopyReader {
    /// How many rows `table` holds.
    func count(_ table: String) throws -> Int
    /// Hands every row of `table` to `visit`, its values in the order of `columns`, streamed.
    func eachRow(_ table: String, columns: [String], _ visit: ([StoreValue]) throws -> Void) throws
}

/// A store's tables as a copy fills them, inside ``StoreCopying/writeForCopy(_:)``.
package protocol StoreCopyWriter {
    /// How many rows `table` holds (in the transaction).
    func count(_ table: String) throws -> Int
    /// Inserts the rows `feed` hands to the closure it gets, their values in the order of
    /// `columns` (ids as given), streamed in batches.
    func insert(into table: String, columns: [String], _ feed: (_ add: ([StoreValue]) throws -> Void) throws -> Void) throws
    /// After every table: the store's own id counters continue after the copied ids.
    func finish() throws
}
