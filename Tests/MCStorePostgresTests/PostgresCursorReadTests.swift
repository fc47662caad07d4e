import Foundation
import MCModel
import MCStore
import MCStorePostgres
import MCTestSupport
import Testing

/// The PostgreSQL reads that can return a row per record go through a cursor, a `FETCH` at a
/// time (``PostgresSession/forEachRow(cursor:_:_:fetchRows:_:)``): `rejects`' quarantine, the
/// fact stream and every record's version. Each gives what the SQLite store gives, whatever the
/// batch: results that end exactly at a batch's edge and inside one, a batch of one row, and one
/// batch for everything; a reader that stops early gets the rows before it stopped.
@Suite struct PostgresCursorReadTests {
    #if PostgreSQL
    /// Batch sizes: 30 credentials and 7 quarantined records (6 of one body) end at the edge of
    /// some and inside others.
    static let batches = [1, 2, 3, 4, 7, 100_000]

    /// The same imports into both stores: 30 credentials of 12 learners (joint awards, a
    /// revocation, a correction of an earlier record: 31 records) and 7 rejected records in two
    /// files.
    func fill(_ store: any PipelineStore) throws {
        var credentials = randomCredentials(count: 30, seed: 5, learners: 12)
        credentials[7].status = .revoked
        var corrected = credentials[2]
        corrected.title = "Corrected"
        credentials.append(corrected)
        for (name, part) in [("a.csv", credentials[..<20]), ("b.csv", credentials[20...])] {
            _ = try store.importFile(path: name, sha256: name, format: "csv", runId: nil) { sink in
                for (n, credential) in part.enumerated() {
                    try sink.accept(credential, provenance: Provenance(file: name, record: n + 1, line: n + 2))
                }
                let bodies = name == "a.csv" ? ["HS-1", "HS-1", "HS-1", "HS-1", "HS-2"] : ["HS-1", "HS-1"]
                for (n, body) in bodies.enumerated() {
                    let record = 100 + n
                    let issue = ValidationIssue(record: record, line: record + 1, field: .title, code: .missingTitle, severity: .error, message: "m")
                    _ = try sink.quarantine(Rejection(provenance: Provenance(file: name, record: record, line: record + 1), issue: issue,
                                                  values: ["awarding_body_id": .text(body), "credential_id": .text("R-\(n)")]))
                }
            }
        }
    }

    func withStores(_ body: (Store, PostgresPipelineStore) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sqlite = try Store(path: directory.path("reads.sqlite"), access: .write)
        try StoreBackend.postgresql.withStore(in: directory) { url in
            let postgres = try #require(try PostgresStores.open(url: url, access: .write, command: "tests") as? PostgresPipelineStore)
            for store in [sqlite, postgres] as [any PipelineStore] { try fill(store) }
            try body(sqlite, postgres)
        }
    }

    /// A quarantined record without its store-made id (the stores number them alike, but the
    /// point here is the records and their order).
    static func listed(_ record: QuarantinedRecord) -> String {
        "\(record.file) \(record.record) \(record.awardingBodyId ?? "-") \(record.reasonCode) \(record.raw)"
    }

    @Test func theQuarantineIsReadWholeAtAnyBatch() throws {
        try withStores { sqlite, postgres in
            for body in [nil, "HS-1"] {
                var expected: [String] = []
                try sqlite.eachQuarantined(runId: nil, awardingBodyId: body) { expected.append(Self.listed($0)); return true }
                #expect(expected.count == (body == nil ? 7 : 6))
                for batch in Self.batches {
                    var read: [String] = []
                    try postgres.eachQuarantined(runId: nil, awardingBodyId: body, fetchRows: batch) { read.append(Self.listed($0)); return true }
                    #expect(read == expected, "batch \(batch), body \(body ?? "any")")
                }
            }
        }
    }

    @Test func aQuarantineReaderThatStopsGetsTheRecordsBefore() throws {
        try withStores { sqlite, postgres in
            var expected: [String] = []
            try sqlite.eachQuarantined(runId: nil, awardingBodyId: nil) { expected.append(Self.listed($0)); return expected.count < 4 }
            #expect(expected.count == 4)
            for batch in Self.batches {
                var read: [String] = []
                try postgres.eachQuarantined(runId: nil, awardingBodyId: nil, fetchRows: batch) { read.append(Self.listed($0)); return read.count < 4 }
                #expect(read == expected, "batch \(batch)")
                // The session is free again: the next read gets every record.
                #expect(try postgres.quarantined(runId: nil, awardingBodyId: nil).count == 7)
            }
        }
    }

    @Test func theFactsAreReadWholeAtAnyBatch() throws {
        try withStores { sqlite, postgres in
            // SQLite orders by learner alone; PostgreSQL then by key: compared in the latter order.
            func ordered(_ facts: [CredentialFact]) -> [CredentialFact] {
                facts.sorted { ($0.learnerKey, $0.awardingBodyId, $0.credentialId) < ($1.learnerKey, $1.awardingBodyId, $1.credentialId) }
            }
            var stored: [CredentialFact] = []
            let rejections = try sqlite.readSnapshot { stored.append($0) }
            let expected = ordered(stored)
            #expect(expected.count == 30 && Set(expected.map(\.learnerKey)).count < 30 && rejections.contains { $0.count == 6 })
            for batch in Self.batches {
                var read: [CredentialFact] = []
                #expect(try postgres.readSnapshot(fetchRows: batch) { read.append($0) } == rejections, "batch \(batch)")
                #expect(read == expected, "batch \(batch)")
            }
        }
    }

    @Test func everyRecordsVersionIsReadAtAnyBatch() throws {
        try withStores { sqlite, postgres in
            let expected = try sqlite.recordVersions()
            #expect(expected.count > 3 && expected.values.contains { $0 != RecordVersions() })
            for batch in Self.batches {
                #expect(try postgres.recordVersions(fetchRows: batch) == expected, "batch \(batch)")
            }
        }
    }
    #endif
}
