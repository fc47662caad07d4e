/// What `mcstat store copy` asks of a store of either kind (``StoreCopy`` does the copying): its
/// tables and columns, one read snapshot, one write transaction.
package protocol StoreCopying: AnyObject {
    /// The store as messages name it.
    var path: String { get }
    /// Every table of the store's schema (its migration ledger left out) with its columns, in
    /// the schema's order.
    func tableColumns() throws(StoreError) -> [String: [String]]
    /// Runs `body` over one consistent, read-only snapshot of the store, reading rows in batches
    /// of about `batches.readBytes`.
    func readForCopy<T>(batches: StoreCopyBatches, _ body: (any StoreCopyReader) throws -> T) throws -> T
    /// Runs `body` in one write transaction: committed when it returns, rolled back (nothing
    /// kept) when it throws or the process dies. Rows go in batches of about `batches.writeBytes`.
    func writeForCopy<T>(batches: StoreCopyBatches, _ body: (any StoreCopyWriter) throws -> T) throws -> T
}

extension StoreCopying {
    /// ``readForCopy(batches:_:)`` in batches of the usual size.
    package func readForCopy<T>(_ body: (any StoreCopyReader) throws -> T) throws -> T {
        try readForCopy(batches: StoreCopyBatches(), body)
    }

    /// ``writeForCopy(batches:_:)`` in batches of the usual size.
    package func writeForCopy<T>(_ body: (any StoreCopyWriter) throws -> T) throws -> T {
        try writeForCopy(batches: StoreCopyBatches(), body)
    }
}

/// How much of a copy a store holds at a time, whatever the store's size: PostgreSQL reads the
/// source through a cursor, about `readBytes` of rows per `FETCH`, and ends its
/// `COPY … FROM STDIN` into the target after about `writeBytes`, starting the next one in the
/// same transaction. SQLite goes a row at a time either way. Tests make both tiny, so that every
/// row crosses a boundary.
package struct StoreCopyBatches: Sendable, Equatable {
    package var readBytes: Int
    package var writeBytes: Int

    package init(readBytes: Int = 4 << 20, writeBytes: Int = 8 << 20) {
        self.readBytes = readBytes
        self.writeBytes = writeBytes
    }
}

/// A store's tables as a copy reads them, inside ``StoreCopying/readForCopy(batches:_:)``.
package protocol StoreCopyReader {
    /// How many rows `table` holds.
    func count(_ table: String) throws -> Int
    /// Hands every row of `table` to `visit`, its values in the order of `columns`, streamed.
    func eachRow(_ table: String, columns: [String], _ visit: ([StoreValue]) throws -> Void) throws
}

/// A store's tables as a copy fills them, inside ``StoreCopying/writeForCopy(batches:_:)``.
package protocol StoreCopyWriter {
    /// How many rows `table` holds (in the transaction).
    func count(_ table: String) throws -> Int
    /// Inserts the rows `feed` hands to the closure it gets, their values in the order of
    /// `columns` (ids as given), streamed in batches.
    func insert(into table: String, columns: [String], _ feed: (_ add: ([StoreValue]) throws -> Void) throws -> Void) throws
    /// After every table: the store's own id counters continue after the copied ids.
    func finish() throws
}
