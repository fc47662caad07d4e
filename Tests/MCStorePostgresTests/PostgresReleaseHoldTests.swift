import Foundation
import MCModel
import MCStore
import MCStorePostgres
import MCTestSupport
import Testing

/// The release hold on PostgreSQL reads the current versions through a cursor, a batch at a time,
/// sorts one group at a time in runs it merges, reads the published versions and sends the new
/// ones a slice at a time: its counts and the versions it stores are the SQLite store's, byte for
/// byte, whatever the batch, run and slice (groups ending inside a batch and at its edge, groups
/// of one run, of runs' multiples ± 1 and of many runs, slices of one record and more, large groups
/// spread over the whole key range, a group of one record, joint awards of up to four countries,
/// a country named twice, revocations, corrections and records moving between groups).
@Suite struct PostgresReleaseHoldTests {
    #if PostgreSQL
    static let places = [["DE"], ["NL", "BE"], ["FR", "FR"], ["AT", "DE", "LU"], ["DE"], ["DE"], ["PL", "CZ", "SK", "HU"]]
    /// (rows a `FETCH`, entries a sorted run, bytes a slice); the groups hold up to about 70 records.
    static let batches = [(1, 1, 16), (2, 2, 32), (3, 3, 48), (5, 7, 80), (64, 64, 1024), (100_000, 65536, 65536), (7, 100_000, 16)]

    /// One night's import, the same into every store: 240 records of 400 keys, and a group of
    /// one record (MT, its year after the seed).
    func night(_ store: any PipelineStore, _ name: String, seed: Int) throws {
        _ = try store.importFile(path: name, sha256: name, format: "csv", runId: nil) { sink in
            for n in 0..<240 {
                let credential = Fixtures.credential(
                    id: "C-\((n * 37 + seed * 11) % 400)", body: "HS-\(n % 5)", countries: Self.places[(n + seed) % Self.places.count],
                    date: ["2023-02-01", "2024-07-15", "2025-11-30"][(n * 5 + seed) % 3], ects: Decimal((n * seed) % 7 + 1),
                    status: (n + seed) % 19 == 0 ? .revoked : .issued)
                try sink.accept(credential, provenance: Provenance(file: name, record: n, line: n + 2))
            }
            try sink.accept(Fixtures.credential(id: "M-\(seed)", countries: ["MT"], date: "202\(3 + seed % 3)-01-01"),
                            provenance: Provenance(file: name, record: 240, line: 242))
        }
    }

    /// Every stored group of every folder: its folder, group, layout, rows and versions.
    func groups(_ store: any PipelineStore) throws -> [String] {
        try store.readForCopy { reader in
            var rows: [String] = []
            try reader.eachRow("release_groups", columns: ["out_name", "country", "year", "layout", "rows", "versions"]) { rows.append("\($0)") }
            return rows.sorted()
        }
    }

    @Test func theHoldCountsAndStoresWhatSQLiteDoesAtAnyBatch() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sqlite = try Store(path: directory.path("hold.sqlite"), access: .write)
        try StoreBackend.postgresql.withStore(in: directory) { url in
            let postgres = try #require(try PostgresStores.open(url: url, access: .write, command: "tests") as? PostgresPipelineStore)
            let stores: [any PipelineStore] = [sqlite, postgres]
            for store in stores { try night(store, "a.csv", seed: 1) }
            let empty = ReleaseGroup(country: "IS", year: "2025")
            var stored = 0
            for (n, (batch, run, slice)) in Self.batches.enumerated() {
                let expected = try sqlite.releaseChanges(out: "out-\(n)", layout: "L")
                #expect(expected.count > 20 && expected.values.reduce(0, +) > 240)
                #expect(try postgres.releaseChanges(out: "out-\(n)", layout: "L", fetchRows: batch, runEntries: run, sliceBytes: slice) == expected,
                        "batch \(batch) run \(run) slice \(slice)")
                // Every group but NL's, and one without records (stored with no versions).
                let released = expected.keys.filter { $0.country != "NL" }.sorted() + [empty]
                stored += released.count
                let release = NewRelease(out: "out-\(n)", hold: 1, runId: nil, layout: "L",
                                         released: released.map { ($0, Data($0.label.utf8)) }, held: [])
                _ = try sqlite.recordRelease(release)
                _ = try postgres.recordRelease(release, fetchRows: batch, runEntries: run, sliceBytes: slice)
            }
            let first = try groups(sqlite)
            #expect(first.count == stored)
            #expect(try groups(postgres) == first)
            for store in stores { try night(store, "b.csv", seed: 2) }
            for (n, (batch, run, slice)) in Self.batches.enumerated() {
                let expected = try sqlite.releaseChanges(out: "out-\(n)", layout: "L")
                #expect(expected[empty] == 0 && expected.values.contains { $0 > 0 })
                #expect(try postgres.releaseChanges(out: "out-\(n)", layout: "L", fetchRows: batch, runEntries: run, sliceBytes: slice) == expected,
                        "batch \(batch) run \(run) slice \(slice)")
                // The second release replaces some groups' versions, and adds NL's.
                let released = expected.keys.filter { $0.country < "FR" }.sorted()
                let release = NewRelease(out: "out-\(n)", hold: 1, runId: nil, layout: "L",
                                         released: released.map { ($0, Data()) }, held: [])
                _ = try sqlite.recordRelease(release)
                _ = try postgres.recordRelease(release, fetchRows: batch, runEntries: run, sliceBytes: slice)
                #expect(try postgres.releaseChanges(out: "out-\(n)", layout: "L", fetchRows: batch, runEntries: run, sliceBytes: slice)
                        == sqlite.releaseChanges(out: "out-\(n)", layout: "L"), "batch \(batch) run \(run) slice \(slice)")
            }
            #expect(try groups(postgres) == groups(sqlite))
        }
    }
    #endif
}
