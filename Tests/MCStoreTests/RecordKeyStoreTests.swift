import Foundation
import MCModel
import MCStore
import MCTestSupport
import Testing

/// Record keys in the store: stored with a credential, kept by a correction, and given at the next
/// writer to credentials stored without them.
@Suite struct RecordKeyStoreTests {
    let directory: TemporaryDirectory
    let store: Store
    init() throws {
        directory = try TemporaryDirectory()
        store = try Store(path: directory.path("s.sqlite"))
    }

    func keys(_ body: String, _ id: String, _ learner: String) -> RecordKeys {
        RecordKeys(credential: UInt64(truncatingIfNeeded: (body + "|" + id).utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }),
                   learner: UInt64.max - UInt64(learner.utf8.count))
    }

    @Test func keysAreStoredKeptAndFilled() throws {
        let provenance = Provenance(file: "f.csv", record: 1, line: 2)
        let keyed = Fixtures.credential(id: "C-1", ects: 5)
        _ = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
            try sink.accept(CredentialRow(keyed, recordKeys: keys(keyed.awardingBodyId, "C-1", keyed.learnerKey)), provenance: provenance)
            // Without keys, as a store filled before keys were made holds them.
            try sink.accept(Fixtures.credential(id: "C-2"), provenance: provenance)
        }
        #expect(try store.credentialsWithoutRecordKeys() == 1)
        var facts = try store.issuedCredentials()
        #expect(facts.first { $0.credentialId == "C-1" }?.recordKeys == keys(keyed.awardingBodyId, "C-1", keyed.learnerKey))
        #expect(facts.first { $0.credentialId == "C-2" }?.recordKeys == nil)

        var asked: [String] = []
        let filled = try store.fillRecordKeys(slice: 1) { body, id, learner in
            asked.append(id)
            return keys(body, id, learner)
        }
        #expect(filled == 1 && asked == ["C-2"])
        #expect(try store.credentialsWithoutRecordKeys() == 0)
        #expect(try store.fillRecordKeys { _, _, _ in Issue.record("nothing left to fill"); return RecordKeys(credential: 0, learner: 0) } == 0)
        facts = try store.issuedCredentials()
        let second = try #require(facts.first { $0.credentialId == "C-2" })
        #expect(second.recordKeys == keys(second.awardingBodyId, "C-2", second.learnerKey))

        // A corrected record keeps its key (it is made from the record's identity).
        _ = try store.importFile(path: "b.csv", sha256: "bb", format: "csv", runId: nil) { sink in
            let corrected = Fixtures.credential(id: "C-1", ects: 6)
            try sink.accept(CredentialRow(corrected, recordKeys: keys(corrected.awardingBodyId, "C-1", corrected.learnerKey)), provenance: provenance)
        }
        facts = try store.issuedCredentials()
        let first = try #require(facts.first { $0.credentialId == "C-1" })
        #expect(first.ects == 6 && first.recordKeys == keys(keyed.awardingBodyId, "C-1", keyed.learnerKey))
    }
}
