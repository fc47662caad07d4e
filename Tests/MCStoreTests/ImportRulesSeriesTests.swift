import Foundation
import MCModel
import MCStore
import MCTestSupport
import Testing

/// A series of imports with keys repeated within and across files, applied to every store and
/// checked against the rules worked out here record by record (annex-i.md, versions): a record
/// identical to its key's current version changes nothing; one identical to an older version
/// that a newer one replaced is stale (named with the import of the version that replaced it);
/// any other is a new version. The PostgreSQL store applies them in SQL, a round of keys at a
/// time; this checks that it decides each record as the record-by-record rules do.
@Suite struct ImportRulesSeriesTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// One record of the series: its key and the version it carries.
    struct Entry {
        let body: String
        let id: String
        let version: Int
    }

    /// Four files of 60 records over 16 keys of two awarding bodies and three versions each
    /// (the third version also names another learner), from a fixed pseudo-random sequence: keys
    /// come back up to eight times in a file and across files.
    static func series() -> [[Entry]] {
        var state: UInt64 = 20_261_207
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<4).map { _ in
            (0..<60).map { _ in
                let key = next(16)
                return Entry(body: key < 8 ? "HS-1" : "HS-2", id: "C-\(key % 8)", version: next(3))
            }
        }
    }

    func credential(_ entry: Entry) -> Credential {
        Fixtures.credential(id: entry.id, body: entry.body, learner: entry.version == 2 ? "k2" : "k1",
                            ects: Decimal(5 + entry.version))
    }

    /// What the rules say of each record: stored, unchanged, or stale and replaced by the
    /// version that the given file (0-based) brought.
    enum Outcome: Equatable {
        case stored, unchanged, stale(replacedBy: Int)
    }

    /// The rules, record by record: each key's versions as (version, file) in order.
    static func expected(_ files: [[Entry]]) -> (outcomes: [[Outcome]], current: [String: Int], versions: Int) {
        var history: [String: [(version: Int, file: Int)]] = [:]
        var outcomes: [[Outcome]] = []
        for (file, entries) in files.enumerated() {
            outcomes.append(entries.map { entry in
                let key = entry.body + "/" + entry.id
                let versions = history[key, default: []]
                if let current = versions.last {
                    if current.version == entry.version { return .unchanged }
                    if let older = versions.lastIndex(where: { $0.version == entry.version }) {
                        return .stale(replacedBy: versions[older + 1].file)
                    }
                }
                history[key, default: []].append((entry.version, file))
                return .stored
            })
        }
        return (outcomes, history.compactMapValues { $0.last?.version }, history.values.map(\.count).reduce(0, +))
    }

    @Test(arguments: StoreBackend.all) func everyRecordIsDecidedAsTheRulesSayRecordByRecord(_ backend: StoreBackend) throws {
        let files = Self.series()
        let expected = Self.expected(files)
        #expect(expected.outcomes.joined().contains { if case .stale = $0 { true } else { false } })
        #expect(expected.outcomes.joined().contains(.unchanged))
        try backend.withPipelineStore(in: directory) { store, _ in
            var receipts: [ImportReceipt] = []
            for (file, entries) in files.enumerated() {
                var stale: [StaleRecord] = []
                receipts.append(try store.importFile(path: "f\(file).csv", sha256: "s\(file)", format: "csv", runId: nil) { sink in
                    for (index, entry) in entries.enumerated() {
                        try sink.accept(credential(entry),
                                        provenance: Provenance(file: "f\(file).csv", record: index + 1, line: index + 2, pointer: nil))
                    }
                    stale = try sink.settle()
                })
                let staleRecords = expected.outcomes[file].enumerated().compactMap { index, outcome -> String? in
                    guard case .stale(let by) = outcome else { return nil }
                    return "\(entries[index].id) record \(index + 1) line \(index + 2) by f\(by).csv"
                }
                #expect(stale.map { "\($0.credentialId) record \($0.provenance.record) line \($0.provenance.line ?? 0) by \($0.replacedBy.path)" }
                        == staleRecords, "file \(file)")
                #expect(stale.allSatisfy { record in receipts.contains { $0.id == record.replacedBy.id && $0.path == record.replacedBy.path } })
                #expect(receipts[file].stale == staleRecords.count && receipts[file].accepted == entries.count)
            }
            #expect(try store.health().versions == expected.versions)
            let current = try store.issuedCredentials().map { "\($0.awardingBodyId)/\($0.credentialId) \($0.ects ?? 0) \($0.learnerKey)" }
            let wanted = expected.current.sorted { $0.key < $1.key }.map { "\($0.key) \(5 + $0.value) \($0.value == 2 ? "k2" : "k1")" }
            #expect(current.sorted() == wanted)
        }
    }
}
