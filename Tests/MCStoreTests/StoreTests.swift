import Foundation
import MCModel
import MCStore
import MCTestSupport
import Testing

struct Boom: Error {}

@Suite struct StoreTests {
    let directory: TemporaryDirectory
    let store: Store
    init() throws {
        directory = try TemporaryDirectory()
        store = try Store(path: directory.path("s.sqlite"))
    }

    func provenance(_ n: Int) -> Provenance { Provenance(file: "f.csv", record: n, line: n + 1) }

    @Test func storesCountsAndReplacesOnTheSameKey() throws {
        let first = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
            try sink.accept(Fixtures.credential(id: "C-1", ects: 5), provenance: provenance(1))
            try sink.accept(Fixtures.credential(id: "C-2"), provenance: provenance(2))
            let issue = ValidationIssue(record: 3, line: 4, field: .title, code: .missingTitle, severity: .error, message: "m")
            try sink.quarantine(Rejection(provenance: provenance(3), issue: issue,
                                          values: ["learner_id": .text("key"), "awarding_body_id": .text("HS-1")]))
        }
        #expect(first.read == 3 && first.accepted == 2 && first.rejected == 1)
        _ = try store.importFile(path: "b.csv", sha256: "bb", format: "csv", runId: nil) { sink in
            try sink.accept(Fixtures.credential(id: "C-1", ects: 6), provenance: provenance(1))
        }
        let facts = try store.issuedCredentials()
        #expect(facts.count == 2)
        #expect(facts.first { $0.credentialId == "C-1" }?.ects == 6)
        let quarantined = try store.quarantined(awardingBodyId: "HS-1")
        #expect(quarantined.count == 1)
        #expect(quarantined[0].reasonCode == "missing_title")
        #expect(quarantined[0].line == 4)
        #expect(try store.previousImport(sha256: "aa")?.accepted == 2)
        #expect(try store.previousImport(sha256: "cc") == nil)
    }

    @Test func aFailedImportLeavesTheStoreAsItWas() throws {
        _ = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
            try sink.accept(Fixtures.credential(id: "C-1"), provenance: provenance(1))
        }
        #expect(throws: Boom.self) {
            _ = try store.importFile(path: "b.csv", sha256: "bb", format: "csv", runId: nil) { sink in
                try sink.accept(Fixtures.credential(id: "C-2"), provenance: provenance(1))
                try sink.accept(Fixtures.credential(id: "C-1", ects: 99), provenance: provenance(2))
                throw Boom()
            }
        }
        let facts = try store.issuedCredentials()
        #expect(facts.map(\.credentialId) == ["C-1"])
        #expect(facts[0].ects == 5)
        #expect(try store.imports().count == 1)
        #expect(try store.previousImport(sha256: "bb") == nil)
    }

    @Test func revokedCredentialsAreKeptButNotCounted() throws {
        _ = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
            try sink.accept(Fixtures.credential(id: "C-1", status: .revoked), provenance: provenance(1))
            try sink.accept(Fixtures.credential(id: "C-2"), provenance: provenance(2))
        }
        #expect(try store.issuedCredentials().map(\.credentialId) == ["C-2"])
        #expect(try store.imports()[0].accepted == 2)
    }

    @Test func reopensWithItsSchemaAndRecordsRuns() throws {
        let id = try store.beginRun(pipeline: "p.yml")
        try store.finishRun(id: id, outcome: "succeeded", summary: "{}")
        let reopened = try Store(path: directory.path("s.sqlite"))
        let runs = try reopened.runs()
        #expect(runs.count == 1)
        #expect(runs[0].outcome == "succeeded")
        #expect(runs[0].finishedAt != nil)
    }
}
