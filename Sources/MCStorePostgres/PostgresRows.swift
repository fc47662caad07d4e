#if PostgreSQL
internal import MCStore

extension ImportReceipt {
    /// The columns ``init(postgres:)`` reads, in its order.
    static let postgresColumns = """
        SELECT id, path, sha256, format, read, accepted, rejected, warnings, stale, imported_at, run_id FROM imports
        """

    init(postgres row: PostgresSessionRow) throws(PostgresStoreError) {
        self.init(id: Int64(try row.int(0) ?? 0), path: try row.string(1) ?? "", sha256: try row.string(2) ?? "",
                  format: try row.string(3) ?? "", read: try row.int(4) ?? 0, accepted: try row.int(5) ?? 0,
                  rejected: try row.int(6) ?? 0, warnings: try row.int(7) ?? 0, stale: try row.int(8) ?? 0,
                  importedAt: try row.string(9) ?? "", runId: try row.int(10).map(Int64.init))
    }
}

extension QuarantinedRecord {
    init(postgres row: PostgresSessionRow) throws(PostgresStoreError) {
        self.init(id: Int64(try row.int(0) ?? 0), importId: Int64(try row.int(1) ?? 0), file: try row.string(2) ?? "",
                  record: try row.int(3) ?? 0, line: try row.int(4), pointer: try row.string(5), awardingBodyId: try row.string(6),
                  reasonCode: try row.string(7) ?? "", field: try row.string(8), element: try row.string(9),
                  message: try row.string(10) ?? "", raw: try row.string(11) ?? "",
                  byteStart: try row.int(12), byteEnd: try row.int(13), bytesSHA256: try row.string(14))
    }
}
#endif
