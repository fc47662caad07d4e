import Foundation
import MCModel
import MCStore
import MCStorePostgres
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

    @Test(arguments: StoreBackend.all) func storesCountsAndReplacesOnTheSameKey(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, reopen in
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
    }

    @Test(arguments: StoreBackend.all) func aFailedImportLeavesTheStoreAsItWas(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, reopen in
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
    }

    @Test(arguments: StoreBackend.all) func revokedCredentialsAreKeptButNotCounted(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, reopen in
            _ = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
                try sink.accept(Fixtures.credential(id: "C-1", status: .revoked), provenance: provenance(1))
                try sink.accept(Fixtures.credential(id: "C-2"), provenance: provenance(2))
            }
            #expect(try store.issuedCredentials().map(\.credentialId) == ["C-2"])
            #expect(try store.imports()[0].accepted == 2)
        }
    }

    @Test(arguments: StoreBackend.all) func reopensWithItsSchemaAndRecordsRuns(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, reopen in
            let id = try store.beginRun(pipeline: "p.yml")
            try store.finishRun(id: id, outcome: "succeeded", summary: "{}")
            let reopened = try reopen()
            let runs = try reopened.runs()
            #expect(runs.count == 1)
            #expect(runs[0].outcome == "succeeded")
            #expect(runs[0].finishedAt != nil)
        }
    }

    @Test(arguments: StoreBackend.all) func keepsEveryVersionAndNeverBringsAReplacedOneBack(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, reopen in
            func importing(_ sha: String, _ credential: Credential) throws -> AcceptOutcome {
                let versions = try store.health().versions
                var stale: [StaleRecord] = []
                _ = try store.importFile(path: sha + ".csv", sha256: sha, format: "csv", runId: nil) { sink in
                    try sink.accept(credential, provenance: provenance(1))
                    stale = try sink.settle()
                }
                if let first = stale.first { return .stale(replacedBy: first.replacedBy) }
                return try store.health().versions > versions ? .stored : .unchanged
            }
            #expect(try importing("v1", Fixtures.credential(id: "C-1", ects: 5)) == .stored)
            #expect(try importing("v1-again", Fixtures.credential(id: "C-1", ects: 5)) == .unchanged)
            #expect(try importing("v2", Fixtures.credential(id: "C-1", ects: 6)) == .stored)
            guard case .stale(let newer) = try importing("v1-resent", Fixtures.credential(id: "C-1", ects: 5)) else {
                Issue.record("the replaced version was not recognised")
                return
            }
            #expect(newer.id == 3 && newer.path == "v2.csv")
            #expect(try store.issuedCredentials()[0].ects == 6)
            #expect(try store.imports().map(\.stale) == [0, 0, 0, 1])
            // A third, new version is stored; the second is then stale in turn.
            #expect(try importing("v3", Fixtures.credential(id: "C-1", ects: 7)) == .stored)
            guard case .stale(let newest) = try importing("v2-resent", Fixtures.credential(id: "C-1", ects: 6)) else {
                Issue.record("the second version was not recognised")
                return
            }
            #expect(newest.path == "v3.csv")
            #expect(try store.issuedCredentials()[0].ects == 7)
        }
    }

    @Test(arguments: StoreBackend.all) func aSnapshotStreamsEveryCredentialInLearnerOrderThenTheQuarantine(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, reopen in
            _ = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
                try sink.accept(Fixtures.credential(id: "C-1", body: "HS-1", learner: "k2"), provenance: provenance(1))
                try sink.accept(Fixtures.credential(id: "C-2", body: "HS-1", learner: "k1", status: .revoked), provenance: provenance(2))
                try sink.accept(Fixtures.credential(id: "C-3", body: "HS-2", learner: "k2"), provenance: provenance(3))
                let issue = ValidationIssue(record: 4, line: 5, field: .title, code: .missingTitle, severity: .error, message: "m")
                try sink.quarantine(Rejection(provenance: provenance(4), issue: issue, values: ["awarding_body_id": .text("HS-1")]))
            }
            var seen: [String] = []
            let rejections = try store.readSnapshot { seen.append($0.learnerKey + " " + $0.credentialId) }
            #expect(seen.map { $0.prefix(2) } == ["k1", "k2", "k2"])
            #expect(Set(seen) == ["k1 C-2", "k2 C-1", "k2 C-3"])
            // Each body's accepted versions come along under their pseudo reason.
            #expect(rejections == [RejectionCount(awardingBodyId: "HS-1", reasonCode: RejectionCount.acceptedVersions, count: 2),
                                   RejectionCount(awardingBodyId: "HS-1", reasonCode: "missing_title", count: 1),
                                   RejectionCount(awardingBodyId: "HS-2", reasonCode: RejectionCount.acceptedVersions, count: 1)])
        }
    }

    @Test func aReaderNeverCreatesAndRefusesAnUnknownMigration() throws {
        #expect(throws: StoreError.self) { try Store(path: directory.path("absent.sqlite"), access: .read) }
        #expect(!FileManager.default.fileExists(atPath: directory.path("absent.sqlite")))
        let reader = try Store(path: directory.path("s.sqlite"), access: .read)
        #expect(try reader.runs().isEmpty)
        #expect(throws: StoreError.self) { try reader.beginRun(pipeline: "p.yml") }
    }

    /// A writer's page cache holds the index pages an import keeps inserting into (64 MiB);
    /// a reader keeps SQLite's default. Pages stay 4 KiB, in a new store as in an older one.
    /// The import's large cache is the import's alone: `report` under a hold and `serve` open the
    /// store as writers too, and stream it with the smaller one.
    @Test func aWriterHasALargePageCacheWhileItImportsAndStoresKeepSmallPages() throws {
        #expect(try store.cacheSizeKiB() == 16384)
        var during = 0
        _ = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
            during = try #require(sink as? SQLiteRecordSink).sink.pageCacheKiB()
            try sink.accept(Fixtures.credential(id: "C-1"), provenance: provenance(1))
        }
        #expect(during == 65536)
        #expect(try store.cacheSizeKiB() == 16384)
        let reader = try Store(path: directory.path("s.sqlite"), access: .read)
        #expect(try reader.cacheSizeKiB() < 65536)
        let pageSize = try ProcessRunner.output("/usr/bin/sqlite3", [directory.path("s.sqlite"), "PRAGMA page_size"])
        #expect(pageSize.trimmingCharacters(in: .whitespacesAndNewlines) == "4096")
    }
}
