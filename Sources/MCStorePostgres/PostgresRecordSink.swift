#if PostgreSQL
package import MCModel
package import MCStore

/// The PostgreSQL store's ``RecordSink``: records are written as `COPY` text into buffers (bytes,
/// never formatted through `String`s) and sent to the import's staging tables in chunks; at
/// ``settle(_:)`` the staged records are applied in SQL by ``PostgresStaging``, with the very rules
/// of the SQLite store's ``ImportSink``.
struct PostgresRecordSink: RecordSink {
    private(set) var read = 0
    private(set) var accepted = 0
    private(set) var rejected = 0
    private(set) var warnings = 0
    private(set) var stale = 0

    private let staging: PostgresStaging
    private var credentials = PostgresCopyBuffer()
    private var quarantined = PostgresCopyBuffer()
    private var credentialSeq: Int64 = 0
    private var quarantineSeq: Int64 = 0
    /// Byte ranges of quarantined records, applied when they are settled.
    private var byteRanges: [(seq: Int64, start: Int, end: Int, sha256: String)] = []
    /// Bytes of rows gathered before they are sent.
    static let chunk = 1 << 20

    init(staging: PostgresStaging) {
        self.staging = staging
    }

    mutating func accept(_ row: CredentialRow, provenance: Provenance, warnings: Int) throws {
        read += 1
        accepted += 1
        self.warnings += warnings
        credentialSeq += 1
        credentials.append(credentialSeq)
        row.forEachValue { value in
            switch value {
            case .null: credentials.appendNull()
            case .number(let number): credentials.append(number)
            case .text(let bytes): credentials.append(bytes: bytes)
            }
        }
        credentials.append(Int64(provenance.record))
        credentials.append(provenance.line.map(Int64.init))
        credentials.append(provenance.pointer)
        credentials.append(provenance.defaulted?.joined(separator: ","))
        credentials.append(row.recordKeys.map { Int64(bitPattern: $0.credential) })
        credentials.append(row.recordKeys.map { Int64(bitPattern: $0.learner) })
        credentials.endRow()
        if credentials.count >= Self.chunk { try staging.send(&credentials, into: .credentials) }
    }

    @discardableResult
    mutating func quarantine(_ rejection: Rejection, warnings: Int, awardingBody: String?, raw: String?) throws -> Int64 {
        let raw = raw ?? ImportSink.rawValues(of: rejection)
        let issue = rejection.issue
        quarantineSeq += 1
        quarantined.append(quarantineSeq)
        quarantined.append(Int64(rejection.provenance.record))
        quarantined.append((issue.line ?? rejection.provenance.line).map(Int64.init))
        quarantined.append(issue.pointer ?? rejection.provenance.pointer)
        quarantined.append(awardingBody ?? ImportSink.awardingBody(of: rejection))
        quarantined.append(issue.code.rawValue)
        quarantined.append(issue.field)
        quarantined.append(issue.element)
        quarantined.append(issue.message)
        quarantined.append(raw)
        quarantined.endRow()
        read += 1
        rejected += 1
        self.warnings += warnings
        if quarantined.count >= Self.chunk { try staging.send(&quarantined, into: .quarantine) }
        return quarantineSeq
    }

    mutating func recordBytes(ofQuarantined id: Int64, start: Int, end: Int, sha256: String) throws {
        byteRanges.append((id, start, end, sha256))
    }

    mutating func addWarnings(_ count: Int) {
        warnings += count
    }

    mutating func settle(_ found: (StaleRecord) throws -> Void) throws {
        try staging.send(&credentials, into: .credentials)
        try staging.send(&quarantined, into: .quarantine)
        try staging.applyQuarantine(byteRanges: byteRanges)
        byteRanges = []
        var count = 0
        try staging.applyCredentials { record in
            count += 1
            try found(record)
        }
        stale += count
    }
}
#endif
