#if PostgreSQL

extension PostgresSession {
    /// Rows a cursor's `FETCH` reads when the caller does not say: a few MB of the widest rows
    /// read this way (quarantined records with their raw text).
    package static let cursorRows = 2048

    /// Calls `body` with each row of `sql`, read through the server-side cursor `name`, a
    /// `FETCH FORWARD fetchRows` at a time: memory holds one batch whatever the result's size
    /// (a plain query's rows arrive as fast as the server sends them and pile up in the client
    /// when `body` is slower), and the session is free between batches, so `body` may run
    /// statements of its own. `body` returns false to stop early. Runs inside the caller's
    /// transaction, where the cursor lives; `name` must be unique among its open cursors.
    package func forEachRow(cursor name: String, _ sql: String, _ binds: [PostgresValue] = [], fetchRows: Int = cursorRows,
                            _ body: (PostgresSessionRow) throws -> Bool) throws {
        try execute("DECLARE \(name) NO SCROLL CURSOR FOR \(sql)", binds)
        let batch = max(fetchRows, 1)
        reading: while true {
            let rows = try rows("FETCH FORWARD \(batch) FROM \(name)")
            for row in rows where try !body(row) { break reading }
            // A short batch is the last; a full one may be followed by an empty one.
            if rows.count < batch { break }
        }
        try execute("CLOSE \(name)")
    }
}
#endif
