internal import MCModel

/// `mcstat store copy FROM TO` (cli.md, "Stores"): every table of one store into a new store of
/// either kind, every version and the key fingerprint included, read in one snapshot of the
/// source and written in one transaction of the target, which must be empty. The rows are
/// counted on both sides before the target commits: a difference keeps nothing.
package enum StoreCopy {
    /// Every table of the schema, in an order that inserts a row after the rows it refers to.
    /// A table the migrations add must be named here: a store holding a table not listed is
    /// refused (nothing copied), and `StoreCopyTests` compares this list with the schema of
    /// both kinds.
    package static let tables = [
        "settings", "runs", "imports", "credentials", "credential_versions", "quarantine",
        "releases", "release_groups", "accounts", "page_sessions", "sign_in_nonces", "sign_in_failures",
        "submissions",
    ]

    /// One table's rows in the source and, after the copy, in the target.
    package struct TableCount: Sendable, Equatable {
        package let table: String
        package let source: Int
        package let target: Int
    }

    /// Copies `source` into `target`, `batches` at a time; returns the counts of every table, in
    /// ``tables`` order.
    /// Throws ``StoreError/notEmpty(path:tables:)`` when the target holds a row,
    /// ``StoreError/schemaMismatch(path:reason:)`` when a table is unknown or its columns
    /// differ, ``StoreError/countMismatch(path:table:source:target:)`` when a count differs.
    package static func copy(from source: any StoreCopying, to target: any StoreCopying,
                             batches: StoreCopyBatches = StoreCopyBatches()) throws -> [TableCount] {
        let sourceTables = try source.tableColumns()
        let targetTables = try target.tableColumns()
        for (store, schema) in [(source.path, sourceTables), (target.path, targetTables)] {
            let unknown = Set(schema.keys).subtracting(tables).sorted()
            let missing = Set(tables).subtracting(schema.keys).sorted()
            if !unknown.isEmpty { throw StoreError.schemaMismatch(path: store, reason: "this mcstat does not copy its tables \(unknown.joined(separator: ", "))") }
            if !missing.isEmpty { throw StoreError.schemaMismatch(path: store, reason: "it has no table \(missing.joined(separator: ", "))") }
        }
        for table in tables where Set(sourceTables[table] ?? []) != Set(targetTables[table] ?? []) {
            throw StoreError.schemaMismatch(path: source.path, reason: "the columns of \(table) differ from those of \(target.path)")
        }
        return try source.readForCopy(batches: batches) { reader -> [TableCount] in
            try target.writeForCopy(batches: batches) { writer -> [TableCount] in
                var filled: [String] = []
                for table in tables {
                    let rows = try writer.count(table)
                    if rows > 0 { filled.append("\(table): \(rows) rows") }
                }
                guard filled.isEmpty else { throw StoreError.notEmpty(path: target.path, tables: Array(filled.prefix(3))) }
                var counts: [TableCount] = []
                for table in tables {
                    let columns = sourceTables[table] ?? []
                    try writer.insert(into: table, columns: columns) { add in try reader.eachRow(table, columns: columns, add) }
                    TestHook.stop(at: "store-copy-table")
                    counts.append(TableCount(table: table, source: try reader.count(table), target: try writer.count(table)))
                }
                try writer.finish()
                if let differing = counts.first(where: { $0.source != $0.target }) {
                    throw StoreError.countMismatch(path: target.path, table: differing.table, source: differing.source, target: differing.target)
                }
                return counts
            }
        }
    }
}
