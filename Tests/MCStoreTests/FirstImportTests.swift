import Foundation
import MCModel
import MCStore
import MCTestSupport
import Testing

/// A new store's first import fills the versions without their index and builds it at its end,
/// checking for stale records against the keys it replaced: it must give the store, and find the
/// stale records, that the same file gives imported into a store that was not new.
@Suite struct FirstImportTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Corrections of every kind among 600 new keys: a version re-sent after a newer one (also two
    /// versions back, and twice), repeats of the current version, the same id under another body,
    /// a correction after a stale re-send, a rejected record.
    func importFile(_ store: Store) throws -> (ImportReceipt, [[String]]) {
        var stale: [StaleRecord] = []
        var n = 0
        func provenance() -> Provenance { n += 1; return Provenance(file: "a.csv", record: n, line: n + 1) }
        let receipt = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
            func put(_ id: String, _ ects: Decimal, body: String = "HS-1") throws {
                try sink.accept(Fixtures.credential(id: id, body: body, learner: "k\(id)", ects: ects), provenance: provenance())
            }
            for round in 0..<3 {
                for k in 0..<200 { try put("N-\(round)-\(k)", Decimal(k % 7 + 1), body: "HS-\(k % 9)") }
                // C: 5, 6, 5 (stale), 6 (unchanged); D: three stale, one unchanged, a correction.
                for ects: Decimal in [5, 6, 5, 6] { try put("C-\(round)", ects) }
                for ects: Decimal in [1, 2, 3, 1, 2, 3, 4, 1] { try put("D-\(round)", ects) }
                try put("C-\(round)", 5, body: "HS-2")
                try put("N-\(round)-3", 9, body: "HS-3")
                let issue = ValidationIssue(record: n, line: n + 1, field: .title, code: .missingTitle, severity: .error, message: "m")
                try sink.quarantine(Rejection(provenance: provenance(), issue: issue, values: ["awarding_body_id": .text("HS-1")]))
            }
            stale = try sink.settle()
        }
        return (receipt, stale.map { [$0.credentialId, "\($0.provenance.record)", "\($0.replacedBy.id)", $0.replacedBy.path] })
    }

    @Test func aNewStoresFirstImportGivesTheStoreAnImportIntoAnOlderStoreGives() throws {
        let fresh = directory.path("fresh.sqlite"), older = directory.path("older.sqlite")
        let first = try importFile(try Store(path: fresh))
        // A store another opening made: its first import goes the usual way.
        _ = try Store(path: older)
        let usual = try importFile(try Store(path: older))
        #expect(first.0.read == 645 && first.0.accepted == 642 && first.0.rejected == 3)
        #expect(first.0.stale == 12 && first.1.count == 12)
        let counts: (ImportReceipt) -> [Int] = { [$0.read, $0.accepted, $0.rejected, $0.stale] }
        #expect(counts(first.0) == counts(usual.0))
        #expect(first.1 == usual.1)
        let dumped = try StoreDump.rows(fresh)
        #expect(dumped == (try StoreDump.rows(older)))
        #expect(dumped[0].contains("CREATE INDEX credential_versions_by_key ON credential_versions(awarding_body_id, credential_id, content_hash)"))
        #expect(try ProcessRunner.output("/usr/bin/sqlite3", [fresh, "PRAGMA integrity_check"]).trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        // A second import into the new store finds versions of the first one through the index.
        let store = try Store(path: fresh)
        let again = try store.importFile(path: "b.csv", sha256: "bb", format: "csv", runId: nil) { sink in
            try sink.accept(Fixtures.credential(id: "D-0", learner: "kD-0", ects: 2), provenance: Provenance(file: "b.csv", record: 1, line: 2))
            try sink.accept(Fixtures.credential(id: "C-0", learner: "kC-0", ects: 6), provenance: Provenance(file: "b.csv", record: 2, line: 3))
        }
        #expect(again.stale == 1)
    }
}
