#if PostgreSQL
import Foundation
import MCAggregate
import MCModel
import MCStore
import MCStorePostgres
import MCTestSupport
import Testing

/// Reports counted by the server (``CountingStore``) against the Swift tallies over the same
/// store: the same table for every job of the catalogue, before and after disclosure control,
/// so that a wrong SQL expression, grouping set or key sum fails here.
@Suite(.enabled(if: StoreBackend.all.contains(.postgresql), "this build has no PostgreSQL store"))
struct PostgresCellCountTests {
    /// 3,000 random credentials (six countries, joint awards, 400 learners, three years: many
    /// small cells), every 13th revoked, two quarantined records, and record keys over the whole
    /// 64-bit range (so that key sums wrap).
    static func withStore<T>(_ body: (any PipelineStore) throws -> T) throws -> T {
        try PostgresTestDatabase.with { url in
            let store = try PostgresStores.open(url: url, access: .write, command: "tests")
            _ = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
                for (n, var credential) in randomCredentials(count: 3000, seed: 11).enumerated() {
                    if n % 13 == 0 { credential.status = .revoked }
                    try sink.accept(credential, provenance: Provenance(file: "a.csv", record: n + 1, line: n + 2))
                }
                for (record, body) in [(9998, "HS-1"), (9999, "HS-404")] {
                    let issue = ValidationIssue(record: record, line: record + 1, field: .title, code: .missingTitle, severity: .error, message: "m")
                    _ = try sink.quarantine(Rejection(provenance: Provenance(file: "a.csv", record: record, line: record + 1), issue: issue,
                                                      values: ["awarding_body_id": .text(body)]))
                }
            }
            try store.fillRecordKeys { body, credential, learner in
                RecordKeys(credential: mix(body + "\u{1F}" + credential), learner: mix("lrn" + learner))
            }
            return try body(store)
        }
    }

    /// A 64-bit hash (FNV-1a, then SplitMix's finaliser) spread over the whole range.
    static func mix(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var g = SplitMix(seed: hash)
        return g.next()
    }

    /// The rows that differ between two tables, for a short failure message.
    static func differences(_ a: ReportTable, _ b: ReportTable) -> String {
        var lines: [String] = []
        if a.rows.count != b.rows.count { lines.append("\(a.rows.count) rows against \(b.rows.count)") }
        for (x, y) in zip(a.rows, b.rows) where x != y && lines.count < 4 { lines.append("\(x)\n  vs \(y)") }
        return lines.joined(separator: "\n")
    }

    /// The table without its rows' cell keys.
    static func keyless(_ table: ReportTable) -> ReportTable {
        var table = table
        for index in table.rows.indices { table.rows[index].keys = nil }
        return table
    }

    /// Whether a row's cell keys are all 0 (or absent).
    static func zeroKeys(_ row: ReportRow) -> Bool {
        guard let keys = row.keys else { return true }
        return keys.credentials == 0 && keys.learners == 0 && keys.shares.values.allSatisfy { $0.numerator == 0 && $0.denominator == 0 }
    }

    /// Under the cell key method the server sums the keys as the tally does; under suppression,
    /// which reads none, it leaves them out (0) and the counts are the tally's.
    @Test(arguments: ReportCatalog.all.map(\.name), [false, true])
    func theServerCountsEachReportAsTheTallyDoes(_ name: String, cellKey: Bool) throws {
        let job = try #require(ReportCatalog.job(named: name))
        #expect(job is any StoreCountedJob, "\(name) is not counted by the server")
        try Self.withStore { store in
            #expect(store is any CountingStore)
            var counted = ReportContext(store: store, minCell: 5, runner: JobRunner())
            counted.method = cellKey ? .cellKey(.shipped) : .suppression
            var streamed = counted
            streamed.countsInStore = false
            let (server, tally) = (try job.run(in: counted), try job.run(in: streamed))
            #expect(tally.rows.count >= 8)
            let same = cellKey ? server == tally : Self.keyless(server) == Self.keyless(tally)
            #expect(same, "\(name):\n\(Self.differences(server, tally))")
            if cellKey || name == "completeness" {
                #expect(server.rows.contains { !Self.zeroKeys($0) } == tally.rows.contains { !Self.zeroKeys($0) })
            } else {
                #expect(server.rows.allSatisfy(Self.zeroKeys) && !tally.rows.allSatisfy(Self.zeroKeys))
            }
        }
    }

    /// The whole catalogue under either disclosure method: the same tables (cell keys aside under
    /// suppression), counts and quarantine.
    @Test(arguments: [DisclosureMethod.suppression, .cellKey(.shipped)])
    func theCatalogueIsTheSameWhoeverCounts(_ method: DisclosureMethod) throws {
        try Self.withStore { store in
            var counted = ReportContext(store: store, minCell: 5, runner: JobRunner())
            counted.method = method
            var streamed = counted
            streamed.countsInStore = false
            let (server, tally) = (try ReportCatalog.compute(in: counted), try ReportCatalog.compute(in: streamed))
            #expect(server.credentials == 3000 && server.issued == tally.issued && server.credentials == tally.credentials)
            #expect(server.rejections == tally.rejections && server.rejections.count == 2)
            #expect(server.tables.count == tally.tables.count)
            var suppression = false
            if case .suppression = method { suppression = true }
            for (a, b) in zip(server.tables, tally.tables) {
                // Suppression reads no cell keys, and the server sums none.
                let same = suppression ? Self.keyless(a) == Self.keyless(b) : a == b
                #expect(same, "\(a.name):\n\(Self.differences(a, b))")
            }
            #expect(server.tables.flatMap(\.rows).contains { $0.status == .secondary } || method != .suppression)
        }
    }
}
#endif
