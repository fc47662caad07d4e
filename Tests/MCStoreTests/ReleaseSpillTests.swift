import Foundation
import MCModel
import MCStore
import MCTestSupport
import Testing

/// A release under the hold sorts the SQLite store's versions once: counting the changes keeps
/// each group's versions in a temporary file, and the release stores the released groups' from
/// it, unless the store changed in between, when it reads them from the store again.
@Suite struct ReleaseSpillTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// 200 records over four groups of places, joint awards (one naming a country twice) and two
    /// years; each seed corrects and adds some.
    func night(_ store: Store, _ name: String, seed: Int) throws {
        let places = [["DE"], ["NL", "BE"], ["FR", "FR"], ["AT"]]
        _ = try store.importFile(path: name, sha256: name, format: "csv", runId: nil) { sink in
            for n in 0..<200 {
                let credential = Fixtures.credential(id: "C-\((n * 7 + seed * 31) % 300)", body: "HS-\(n % 3)",
                                                     countries: places[(n + seed) % 4], date: ["2024-02-01", "2025-07-09"][(n / 4) % 2],
                                                     ects: Decimal((n + seed) % 5 + 1))
                try sink.accept(credential, provenance: Provenance(file: name, record: n, line: n + 1))
            }
        }
    }

    /// The versions the store recorded per group for folder `out`, in hex.
    func recorded(_ out: String = "o") throws -> [String] {
        try ProcessRunner.output("/usr/bin/sqlite3", [directory.path("s.sqlite"),
            "SELECT country || ' ' || year || ' ' || hex(versions) FROM release_groups WHERE out_name = '\(out)' ORDER BY country, year"])
            .split(separator: "\n").map(String.init)
    }

    /// The current versions of `groups` as the store holds them, in the same form.
    func current(_ store: Store, _ groups: [ReleaseGroup]) throws -> [String] {
        let versions = try store.recordVersions()
        return groups.sorted().map { group in
            "\(group.country) \(group.year) " + (versions[group]?.data ?? Data()).map { String(format: "%02X", $0) }.joined()
        }
    }

    func release(_ store: Store, _ groups: [ReleaseGroup]) throws {
        _ = try store.recordRelease(NewRelease(out: "o", hold: 1, runId: nil, layout: "L", released: groups.map { ($0, Data()) }, held: []))
    }

    @Test func aReleaseStoresTheVersionsItsCountReadWithoutSortingTheStoreAgain() throws {
        let store = try Store(path: directory.path("s.sqlite"))
        try night(store, "a.csv", seed: 1)
        let first = try store.releaseChanges(out: "o", layout: "L")
        let released = first.keys.filter { $0.country != "AT" } + [ReleaseGroup(country: "LU", year: "2024")]
        try release(store, released)
        #expect(store.versionScans == 1)
        let stored = try recorded()
        #expect(stored.count == 9 && stored.contains("LU 2024 "))
        #expect(stored == (try current(store, released)))
        // A second release, after a night of corrections: again one pass, and what it counted
        // is what it recorded.
        try night(store, "b.csv", seed: 2)
        let second = try store.releaseChanges(out: "o", layout: "L")
        #expect(second.values.contains { $0 > 0 })
        try release(store, Array(second.keys))
        #expect(store.versionScans == 2)
        // LU 2024, published without records, is counted (0) and released again, still empty.
        #expect(second[ReleaseGroup(country: "LU", year: "2024")] == 0)
        #expect(try recorded() == (try current(store, Array(second.keys))))
        #expect(try store.releaseChanges(out: "o", layout: "L").values.allSatisfy { $0 == 0 })
    }

    @Test func aStoreChangedAfterTheCountIsReadAgainWhenTheReleaseIsRecorded() throws {
        let store = try Store(path: directory.path("s.sqlite"))
        try night(store, "a.csv", seed: 1)
        _ = try store.releaseChanges(out: "o", layout: "L")
        // Changed by the same opening …
        try night(store, "b.csv", seed: 2)
        let groups = Array(try store.recordVersions().keys)
        try release(store, groups)
        #expect(store.versionScans == 2)
        #expect(try recorded() == (try current(store, groups)))
        // … and by another one.
        _ = try store.releaseChanges(out: "o", layout: "L")
        do {
            let other = try Store(path: directory.path("s.sqlite"))
            try night(other, "c.csv", seed: 3)
        }
        try release(store, groups)
        #expect(store.versionScans == 4)
        #expect(try recorded() == (try current(store, groups)))
        #expect(try store.releaseChanges(out: "o", layout: "L").values.allSatisfy { $0 == 0 })
    }

    /// Versions read and written a slice at a time (from the published blob, into the spill, from
    /// the spill into the new blob, and from a spill read again when the store changed) count
    /// and store what the whole groups give, whatever the slice: one record, a few, around the
    /// groups' sizes (a few dozen records; LU 2024 one, IS 2025 none).
    @Test(arguments: [1, 16, 32, 48, 80, 1600, 65536])
    func slicesCountAndStoreWhatTheWholeGroupsGive(_ sliceBytes: Int) throws {
        let store = try Store(path: directory.path("s.sqlite"))
        try night(store, "a.csv", seed: 1)
        _ = try store.importFile(path: "lu.csv", sha256: "lu", format: "csv", runId: nil) { sink in
            try sink.accept(Fixtures.credential(id: "L-1", countries: ["LU"], date: "2024-03-01"), provenance: Provenance(file: "lu.csv", record: 0, line: 1))
        }
        let first = try store.recordVersions()
        #expect(first.values.map(\.entries.count).max() ?? 0 > 20 && first[ReleaseGroup(country: "LU", year: "2024")]?.entries.count == 1)
        #expect(try store.releaseChanges(out: "o", layout: "L", sliceBytes: sliceBytes) == RecordVersions.changes(current: first, published: [:]))
        let released = first.keys.filter { $0.country != "AT" } + [ReleaseGroup(country: "IS", year: "2025")]
        _ = try store.recordRelease(NewRelease(out: "o", hold: 1, runId: nil, layout: "L", released: released.map { ($0, Data()) }, held: []),
                                    sliceBytes: sliceBytes)
        #expect(store.versionScans == 1)
        #expect(try recorded() == (try current(store, released)))
        var published = first.filter { released.contains($0.key) }
        published[ReleaseGroup(country: "IS", year: "2025")] = RecordVersions()
        // A night of corrections and additions, counted against the published blobs a slice at a time.
        try night(store, "b.csv", seed: 2)
        let second = try store.releaseChanges(out: "o", layout: "L", sliceBytes: sliceBytes)
        #expect(second == RecordVersions.changes(current: try store.recordVersions(), published: published))
        #expect(second.values.contains { $0 > 0 })
        // The store changes again before the release: its versions are read into a new spill.
        try night(store, "c.csv", seed: 3)
        let groups = Array(try store.recordVersions().keys) + [ReleaseGroup(country: "IS", year: "2025")]
        _ = try store.recordRelease(NewRelease(out: "o", hold: 1, runId: nil, layout: "L", released: groups.map { ($0, Data()) }, held: []),
                                    sliceBytes: sliceBytes)
        #expect(store.versionScans == 3)
        #expect(try recorded() == (try current(store, groups)))
        #expect(try store.releaseChanges(out: "o", layout: "L", sliceBytes: sliceBytes).values.allSatisfy { $0 == 0 })
    }

    /// The hold's sorted pass runs under a smaller page cache (SQLite's sorter keeps up to the
    /// cache's size of rows in memory): the opening's own cache is back after it, whether the
    /// pass counted or recorded.
    @Test func theSortedPassGivesTheCacheBack() throws {
        let store = try Store(path: directory.path("s.sqlite"))
        let cache = try store.cacheSizeKiB()
        #expect(cache > 4096)
        try night(store, "a.csv", seed: 1)
        let changes = try store.releaseChanges(out: "o", layout: "L")
        #expect(try store.cacheSizeKiB() == cache)
        try night(store, "b.csv", seed: 2)
        try release(store, Array(changes.keys))
        #expect(store.versionScans == 2)
        #expect(try store.cacheSizeKiB() == cache)
    }
}
