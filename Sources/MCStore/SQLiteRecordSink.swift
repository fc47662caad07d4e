package import MCModel

/// The SQLite store's ``RecordSink``: its ``ImportSink`` stores each record as it comes, so a
/// stale one is known at once; they wait in a ``StaleSpill`` until ``settle(_:)``.
package struct SQLiteRecordSink: RecordSink {
    /// The statements of the import's transaction.
    package private(set) var sink: ImportSink
    private var staleRecords: StaleSpill

    init(_ sink: ImportSink, staleRecords: StaleSpill) {
        self.sink = sink
        self.staleRecords = staleRecords
    }

    package var read: Int { sink.read }
    package var accepted: Int { sink.accepted }
    package var rejected: Int { sink.rejected }
    package var warnings: Int { sink.warnings }
    package var stale: Int { sink.stale }

    package mutating func accept(_ row: CredentialRow, provenance: Provenance, warnings: Int) throws {
        if case .stale(let newer) = try sink.accept(row, provenance: provenance, warnings: warnings) {
            try staleRecords.keep(StaleRecord(credentialId: row.credentialId, provenance: provenance, replacedBy: newer))
        }
    }

    @discardableResult
    package mutating func quarantine(_ rejection: Rejection, warnings: Int, awardingBody: String?, raw: String?) throws -> Int64 {
        try sink.quarantine(rejection, warnings: warnings, awardingBody: awardingBody, raw: raw)
    }

    package mutating func recordBytes(ofQuarantined id: Int64, start: Int, end: Int, sha256: String) throws {
        try sink.recordBytes(ofQuarantined: id, start: start, end: end, sha256: sha256)
    }

    package mutating func addWarnings(_ count: Int) {
        sink.addWarnings(count)
    }

    package mutating func settle(_ found: (StaleRecord) throws -> Void) throws {
        try staleRecords.take(found)
    }
}
