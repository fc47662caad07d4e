import Foundation
import MCModel
import MCStore
import MCTestSupport
import Testing

/// What every kind of pipeline store answers alike (cli.md, "Stores"): each test runs on every
/// backend of the build, with the same body.
@Suite struct PipelineStoreContractTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func provenance(_ n: Int, pointer: String? = nil) -> Provenance { Provenance(file: "f.csv", record: n, line: n + 1, pointer: pointer) }

    /// Records of one key in one file count in file order, each as if the ones before it were
    /// stored: v1, v2, v1 again stores two versions and finds the third stale, replaced by this
    /// very import; a fourth, identical to the current one, changes nothing.
    @Test(arguments: StoreBackend.all) func recordsOfOneKeyInOneFileCountInFileOrder(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, _ in
            var stale: [StaleRecord] = []
            let receipt = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
                try sink.accept(Fixtures.credential(id: "C-1", ects: 5), provenance: provenance(1))
                try sink.accept(Fixtures.credential(id: "C-2", ects: 5), provenance: provenance(2))
                try sink.accept(Fixtures.credential(id: "C-1", ects: 6), provenance: provenance(3))
                try sink.accept(Fixtures.credential(id: "C-1", ects: 5), provenance: provenance(4, pointer: "/3"))
                try sink.accept(Fixtures.credential(id: "C-1", ects: 6), provenance: provenance(5))
                stale = try sink.settle()
            }
            #expect(receipt.read == 5 && receipt.accepted == 5 && receipt.stale == 1)
            #expect(stale.map { [$0.credentialId, "\($0.provenance.record)", "\($0.provenance.line ?? 0)", $0.provenance.pointer ?? ""] }
                    == [["C-1", "4", "5", "/3"]])
            #expect(stale.map(\.replacedBy) == [ImportReference(id: receipt.id, path: "a.csv", importedAt: receipt.importedAt)])
            #expect(try store.health().versions == 3)
            #expect(try store.issuedCredentials().map { "\($0.credentialId) \($0.ects ?? 0)" } == ["C-1 6", "C-2 5"])
            // The same export again under another name: nothing changes, nothing is stale.
            let again = try store.importFile(path: "b.csv", sha256: "bb", format: "csv", runId: nil) { sink in
                try sink.accept(Fixtures.credential(id: "C-1", ects: 6), provenance: provenance(1))
                try sink.accept(Fixtures.credential(id: "C-2", ects: 5), provenance: provenance(2))
            }
            #expect(again.stale == 0)
            #expect(try store.health().versions == 3)
            #expect(try store.imports().map(\.stale) == [1, 0])
        }
    }

    /// Rejections are listed in file order with every field, filtered by run and awarding body;
    /// a record that could not be read apart keeps where its bytes lie; a listing stops when asked.
    @Test(arguments: StoreBackend.all) func theQuarantineKeepsEveryRejectionWithWhereItLies(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, _ in
            let run = try store.beginRun(pipeline: "p.yml")
            _ = try store.importFile(path: "a.csv", sha256: "aa", binding: "HS-1|HS-2", format: "csv", runId: run) { sink in
                let title = ValidationIssue(record: 1, line: 2, field: .title, code: .missingTitle, severity: .error, message: "no\ttitle\\here")
                try sink.quarantine(Rejection(provenance: provenance(1), issue: title, values: ["awarding_body_id": .text("HS-2")]))
                let broken = ValidationIssue(record: 2, line: 3, field: nil, code: .malformedRow, severity: .error, message: "m")
                let id = try sink.quarantine(Rejection(provenance: provenance(2), issue: broken, values: [:]), warnings: 1,
                                             awardingBody: "HS-1", raw: "{}")
                try sink.accept(Fixtures.credential(id: "C-1"), provenance: provenance(3))
                try sink.recordBytes(ofQuarantined: id, start: 40, end: 52, sha256: "ab12")
            }
            _ = try store.importFile(path: "b.csv", sha256: "bb", format: "csv", runId: nil) { sink in
                let title = ValidationIssue(record: 1, line: 2, field: .title, code: .missingTitle, severity: .error, message: "m")
                try sink.quarantine(Rejection(provenance: provenance(1), issue: title, values: ["awarding_body_id": .text("HS-1")]))
            }
            let all = try store.quarantined()
            #expect(all.map(\.file) == ["a.csv", "a.csv", "b.csv"])
            #expect(all[0].message == "no\ttitle\\here" && all[0].awardingBodyId == "HS-2" && all[0].reasonCode == "missing_title")
            #expect(all[0].raw == #"{"awarding_body_id":"HS-2"}"# && all[0].byteStart == nil)
            #expect(all[1].awardingBodyId == "HS-1" && all[1].byteStart == 40 && all[1].byteEnd == 52 && all[1].bytesSHA256 == "ab12")
            #expect(try store.quarantined(runId: run).count == 2)
            #expect(try store.quarantined(runId: run, awardingBodyId: "HS-1").map(\.record) == [2])
            #expect(try store.quarantined(awardingBodyId: "HS-1").map(\.file) == ["a.csv", "b.csv"])
            var visited = 0
            try store.eachQuarantined(runId: nil, awardingBodyId: nil) { _ in visited += 1; return false }
            #expect(visited == 1)
            let receipt = try #require(try store.previousImport(sha256: "aa", binding: "HS-1|HS-2"))
            #expect(receipt.read == 3 && receipt.rejected == 2 && receipt.warnings == 1 && receipt.runId == run)
            #expect(try store.previousImport(sha256: "aa", binding: "HS-3") == nil)
            #expect(try store.previousImport(sha256: "aa") == nil)
        }
    }

    /// The key's fingerprint is recorded once; another is refused.
    @Test(arguments: StoreBackend.all) func theKeysFingerprintIsBoundOnce(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, reopen in
            #expect(try store.keyFingerprint().fingerprint == nil)
            try store.bindKeyFingerprint("f1")
            try store.bindKeyFingerprint("f1")
            #expect(throws: StoreError.self) { try store.bindKeyFingerprint("f2") }
            #expect(try reopen().keyFingerprint().fingerprint == "f1")
            #expect(try store.keyFingerprint().hasCredentials == false)
        }
    }

    /// Runs are begun, finished, listed newest first, and those still running marked
    /// interrupted by the next writer.
    @Test(arguments: StoreBackend.all) func runsAreRecordedAndKilledOnesMarkedInterrupted(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, reopen in
            let first = try store.beginRun(pipeline: "p.yml")
            let second = try store.beginRun(pipeline: "p.yml")
            try store.finishRun(id: second, outcome: "succeeded", summary: "{\"a\":1}")
            #expect(try reopen().markInterruptedRuns() == [first])
            let runs = try store.runs()
            #expect(runs.map(\.id) == [second, first] && runs.map(\.outcome) == ["succeeded", "interrupted"])
            #expect(runs[0].summary == "{\"a\":1}" && runs[1].finishedAt != nil)
            #expect(try store.runExists(id: first) && !(try store.runExists(id: second + 1)))
            #expect(try store.markInterruptedRuns().isEmpty)
        }
    }

    /// The changes a store counts since a release, one group at a time, are those counted over
    /// every record's versions at once: through joint awards (a country named twice counts
    /// once), corrections, revocations, records moving to another group and a group left empty.
    @Test(arguments: StoreBackend.all) func releaseChangesEqualTheCountOverAllVersions(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, _ in
            let places = [["DE"], ["NL", "BE"], ["FR", "FR"], ["AT"], ["BE", "NL", "DE"]]
            func night(_ name: String, _ seed: Int, moved: [String]) throws {
                _ = try store.importFile(path: name, sha256: name, format: "csv", runId: nil) { sink in
                    for n in 0..<300 {
                        let credential = Fixtures.credential(
                            id: "C-\((n * 13 + seed * 101) % 500)", body: "HS-\(n % 4)", countries: places[(n * 7 + seed) % 5],
                            date: ["2023-01-05", "2024-06-30", "2025-12-31"][(n + seed) % 3], ects: Decimal((n + seed) % 6 + 1),
                            status: n % 17 == seed ? .revoked : .issued)
                        try sink.accept(credential, provenance: provenance(n))
                    }
                    try sink.accept(Fixtures.credential(id: "X-1", countries: moved), provenance: provenance(300))
                }
            }
            try night("a.csv", 1, moved: ["LU"])
            let first = try store.recordVersions()
            #expect(try store.releaseChanges(out: "o", layout: "L") == RecordVersions.changes(current: first, published: [:]))
            let released = first.keys.filter { $0.country != "AT" }
            #expect(released.contains(ReleaseGroup(country: "LU", year: "2025")) && released.count < first.count)
            _ = try store.recordRelease(NewRelease(out: "o", hold: 1, runId: nil, layout: "L", released: released.map { ($0, Data()) }, held: []))
            let published = first.filter { released.contains($0.key) }
            #expect(try store.releaseChanges(out: "o", layout: "L") == RecordVersions.changes(current: first, published: published))
            try night("b.csv", 2, moved: ["DE"])
            let second = try store.releaseChanges(out: "o", layout: "L")
            #expect(second == RecordVersions.changes(current: try store.recordVersions(), published: published))
            #expect(second[ReleaseGroup(country: "LU", year: "2025")] == 1)
        }
    }

    /// A release is recorded whole and read back: its groups' rows and versions, per folder.
    @Test(arguments: StoreBackend.all) func releasesAreRecordedAndReadBack(_ backend: StoreBackend) throws {
        try backend.withPipelineStore(in: directory) { store, _ in
            _ = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
                try sink.accept(Fixtures.credential(id: "C-1", countries: ["NL", "BE"], date: "2024-12-31"), provenance: provenance(1))
                try sink.accept(Fixtures.credential(id: "C-2", countries: ["DE"]), provenance: provenance(2))
            }
            let versions = try store.recordVersions()
            #expect(Set(versions.keys) == [ReleaseGroup(country: "NL", year: "2024"), ReleaseGroup(country: "BE", year: "2024"),
                                           ReleaseGroup(country: "DE", year: "2025")])
            #expect(versions[ReleaseGroup(country: "NL", year: "2024")]?.entries.count == 1)
            let run = try store.beginRun(pipeline: "p.yml")
            let de = ReleaseGroup(country: "DE", year: "2025")
            let rows = Data([0, 1, 2, 255, 0x5C, 0x09])
            let nl = ReleaseGroup(country: "NL", year: "2024"), be = ReleaseGroup(country: "BE", year: "2024")
            #expect(try store.releaseChanges(out: "reports", layout: "L1") == [de: 1, nl: 1, be: 1])
            let recorded = try store.recordRelease(NewRelease(out: "reports", hold: 10, runId: run, layout: "L1",
                                                              released: [(de, rows)], held: [nl]))
            #expect(recorded.released == ["DE 2025"] && recorded.held == ["NL 2024"])
            #expect(try store.releases(runId: run) == [recorded])
            let published = try store.publishedGroups(out: "reports")
            #expect(published.count == 1 && published[de]?.rows == rows)
            #expect(published[de]?.layout == "L1" && published[de]?.releaseId == recorded.id)
            #expect(try store.publishedGroups(out: "elsewhere").isEmpty)
            // The store recorded DE 2025's versions: nothing changed there since, for this folder
            // and layout only.
            #expect(try store.releaseChanges(out: "reports", layout: "L1") == [de: 0, nl: 1, be: 1])
            #expect(try store.releaseChanges(out: "reports", layout: "L2") == [de: 1, nl: 1, be: 1])
            #expect(try store.releaseChanges(out: "elsewhere", layout: "L1") == [de: 1, nl: 1, be: 1])
            // A correction, a new record and a revocation count one each.
            _ = try store.importFile(path: "b.csv", sha256: "bb", format: "csv", runId: nil) { sink in
                try sink.accept(Fixtures.credential(id: "C-2", countries: ["DE"], ects: 9), provenance: provenance(1))
                try sink.accept(Fixtures.credential(id: "C-3", countries: ["DE"]), provenance: provenance(2))
            }
            #expect(try store.releaseChanges(out: "reports", layout: "L1") == [de: 2, nl: 1, be: 1])
            // A later release of the same group replaces what the folder last published of it.
            let later = try store.recordRelease(NewRelease(out: "reports", hold: 10, runId: nil, layout: "L2",
                                                           released: [(de, Data([7]))], held: []))
            #expect(try store.publishedGroups(out: "reports")[de]?.releaseId == later.id)
            #expect(try store.publishedGroups(out: "reports")[de]?.rows == Data([7]))
            #expect(try store.releaseChanges(out: "reports", layout: "L2") == [de: 0, nl: 1, be: 1])
            #expect(try store.releaseChanges(out: "reports", layout: "L1") == [de: 2, nl: 1, be: 1])
            let health = try store.health()
            #expect(health.credentials == 3 && health.versions == 4 && health.quarantined == 0 && health.runs == 1)
            #expect(health.migrations == Store.migrationNames.count)
        }
    }
}
