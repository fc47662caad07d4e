import Foundation
internal import GRDB
package import MCModel
internal import Synchronization

/// A release to record: the folder, the groups it released (with their rows) and those it held
/// back.
package struct NewRelease: Sendable {
    package var out: String
    package var hold: Int
    package var runId: Int64?
    package var layout: String
    /// The released groups and their rows; the store adds their record versions.
    package var released: [(group: ReleaseGroup, rows: Data)]
    package var held: [ReleaseGroup]

    package init(out: String, hold: Int, runId: Int64?, layout: String,
                released: [(group: ReleaseGroup, rows: Data)], held: [ReleaseGroup]) {
        self.out = out
        self.hold = hold
        self.runId = runId
        self.layout = layout
        self.released = released
        self.held = held
    }
}

/// One recorded release, as run history shows it.
package struct ReleaseRecord: Sendable, Equatable, Codable {
    package var id: Int64
    package var out: String
    package var releasedAt: String
    package var hold: Int
    /// Groups whose new rows it published (`FR 2025`).
    package var released: [String]
    /// Groups with changes it held back.
    package var held: [String]

    package init(id: Int64, out: String, releasedAt: String, hold: Int, released: [String], held: [String]) {
        self.id = id
        self.out = out
        self.releasedAt = releasedAt
        self.hold = hold
        self.released = released
        self.held = held
    }

    enum CodingKeys: String, CodingKey {
        case id, out, hold, released, held
        case releasedAt = "released_at"
    }
}

extension Store {
    /// What the folder `out` last published, per group.
    package func publishedGroups(out: String) throws(StoreError) -> [ReleaseGroup: PublishedGroup] {
        try read("read the release state") { db in
            var groups: [ReleaseGroup: PublishedGroup] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT g.country, g.year, g.release_id, r.released_at, g.layout, g.rows
                FROM release_groups g JOIN releases r ON r.id = g.release_id WHERE g.out_name = ?
                """, arguments: [out])
            while let row = try rows.next() {
                groups[ReleaseGroup(country: row[0], year: row[1])] = PublishedGroup(
                    releaseId: row[2], releasedAt: row[3], layout: row[4], rows: row[5])
            }
            return groups
        }
    }

    /// Per group, the records changed since `out` last published it under `layout`: the current
    /// versions stream group by group (``GroupedVersions``) past the group's published ones, read
    /// a slice at a time (``ReleaseBlob``), so memory holds one slice whatever the store's and the
    /// group's size. The same pass keeps every group's versions in a temporary file
    /// (``ReleaseSpill``), from which ``recordRelease(_:)`` stores the released ones without
    /// sorting the store again.
    package func releaseChanges(out: String, layout: String) throws(StoreError) -> [ReleaseGroup: Int] {
        try releaseChanges(out: out, layout: layout, sliceBytes: VersionChangeCounter.sliceBytes)
    }

    /// ``releaseChanges(out:layout:)`` reading and spilling `sliceBytes` at a time (tests try small ones).
    package func releaseChanges(out: String, layout: String, sliceBytes: Int) throws(StoreError) -> [ReleaseGroup: Int] {
        releaseSpill.withLock { $0 = nil }
        let (changes, spill) = try read("count the changes since the last release") { db in
            var changes: [ReleaseGroup: Int] = [:]
            let published = try db.makeStatement(sql: """
                SELECT rowid, length(versions) FROM release_groups WHERE out_name = ? AND country = ? AND year = ? AND layout = ?
                """)
            var counter = VersionChangeCounter()
            var current: ReleaseGroup?
            // Without a temporary file (none could be written) the release reads the store again.
            var writer = try? ReleaseSpill.Writer(sliceBytes: sliceBytes)
            func spilled(_ step: (inout ReleaseSpill.Writer) throws(ReleaseSpill.SpillError) -> Void) {
                guard var open = writer else { return }
                writer = nil
                if (try? step(&open)) != nil { writer = open }
            }
            let stamp = try spillStamp(db)
            try scanVersions(db, start: { group in
                if let current { changes[current] = counter.finish() }
                current = group
                if let row = try Row.fetchOne(published, arguments: [out, group.country, group.year, layout]) {
                    let rowid: Int64 = row[0]
                    counter = VersionChangeCounter(count: row[1], sliceBytes: sliceBytes) { range in
                        try ReleaseBlob.read(db, rowid: rowid, range: range)
                    }
                } else {
                    counter = VersionChangeCounter()
                }
                spilled { writer throws(ReleaseSpill.SpillError) in try writer.start(group) }
            }, entry: { key, version in
                if try counter.add(key: key, version: version) { writer?.add(key: key, version: version) }
            })
            if let current { changes[current] = counter.finish() }
            var spill: ReleaseSpill?
            spilled { writer throws(ReleaseSpill.SpillError) in spill = try writer.finish(stamp: stamp) }
            // Groups published without records left: every published record is a change.
            let gone = try Row.fetchCursor(db, sql: """
                SELECT country, year, length(versions) / 16 FROM release_groups WHERE out_name = ? AND layout = ?
                """, arguments: [out, layout])
            while let row = try gone.next() {
                let group = ReleaseGroup(country: row[0], year: row[1])
                if changes[group] == nil { changes[group] = row[2] }
            }
            return (changes, spill)
        }
        releaseSpill.withLock { $0 = spill }
        return changes
    }

    /// How many times this opening sorted the store's current versions (``GroupedVersions``):
    /// a release hold counts its changes and records its release in one such pass.
    package var versionScans: Int { versionScanCount.load(ordering: .relaxed) }

    /// SQLite's sorter keeps up to the page cache's size of rows in memory before it spills a
    /// sorted run to a temporary file, beside the cache itself: the pass sorts under the smaller
    /// cache of ``sortCacheKiB``, and the opening has its own back after it.
    private func scanVersions(_ db: Database, start: (ReleaseGroup) throws -> Void, entry: (UInt64, UInt64) throws -> Void) throws {
        versionScanCount.add(1, ordering: .relaxed)
        let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? 0
        if cache > 0 || cache < -Store.sortCacheKiB {
            try db.execute(sql: "PRAGMA cache_size = -\(Store.sortCacheKiB)")
        }
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
        try GroupedVersions.scan(db, start: start, entry: entry)
    }

    /// The state of the store a ``ReleaseSpill`` is read from, or checked against.
    private func spillStamp(_ db: Database) throws -> ReleaseSpill.Stamp {
        ReleaseSpill.Stamp(dataVersion: try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0,
                           totalChanges: Int64(db.totalChangesCount))
    }

    /// The current version of every stored record (issued and revoked), per (country, year) of
    /// issue; a joint award belongs to each of its countries.
    package func recordVersions() throws(StoreError) -> [ReleaseGroup: RecordVersions] {
        try read("read record versions") { db in
            var builder = RecordVersionsBuilder()
            let rows = try Row.fetchCursor(db, sql: """
                SELECT awarding_body_id, credential_id, issuer_country, substr(issue_date, 1, 4), content_hash FROM credentials
                """)
            while let row = try rows.next() {
                builder.add(awardingBodyId: row[0], credentialId: row[1], countries: row[2], yearText: row[3], hash: row[4])
            }
            return builder.versions
        }
    }

    /// Records a release in one transaction: its row, and the new state of every group it
    /// released. Returns it as run history shows it.
    package func recordRelease(_ release: NewRelease) throws(StoreError) -> ReleaseRecord {
        try recordRelease(release, sliceBytes: VersionChangeCounter.sliceBytes)
    }

    /// ``recordRelease(_:)`` moving versions `sliceBytes` at a time (tests try small ones): a
    /// released group's versions go from a ``ReleaseSpill`` into its blob a slice at a time.
    package func recordRelease(_ release: NewRelease, sliceBytes: Int) throws(StoreError) -> ReleaseRecord {
        let spill = releaseSpill.withLock { spill in defer { spill = nil }; return spill }
        return try write("record a release") { db in
            let stamp = try spillStamp(db)
            let now = Store.timestamp()
            func list(_ groups: [ReleaseGroup]) -> String {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return String(decoding: (try? encoder.encode(groups.sorted().map(\.label))) ?? Data("[]".utf8), as: UTF8.self)
            }
            try db.execute(sql: """
                INSERT INTO releases (out_name, released_at, run_id, hold, layout, released, held) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [release.out, now, release.runId, release.hold, release.layout,
                                 list(release.released.map(\.group)), list(release.held)])
            let id = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO release_groups (out_name, country, year, release_id, layout, rows, versions)
                VALUES (?, ?, ?, ?, ?, ?, zeroblob(?))
                """)
            var pending = Dictionary(release.released.map { ($0.group, $0.rows) }, uniquingKeysWith: { a, _ in a })
            /// Stores `group` with `count` bytes of versions, which `fill` writes into its row.
            func store(_ group: ReleaseGroup, count: Int, _ fill: (Int64) throws -> Void) throws {
                guard let rows = pending[group] else { return }
                try insert.execute(arguments: [release.out, group.country, group.year, id, release.layout, rows, count])
                if count > 0 { try fill(db.lastInsertedRowID) }
                pending[group] = nil
            }
            /// Stores the pending groups' versions from `spill`; a group it cannot read back stays pending.
            func store(from spill: ReleaseSpill) throws {
                for group in pending.keys.sorted() {
                    do {
                        try store(group, count: spill.count(of: group)) { rowid in
                            try spill.slices(of: group, sliceBytes: sliceBytes) { slice, offset in
                                try ReleaseBlob.write(db, rowid: rowid, bytes: slice, at: offset)
                            }
                        }
                    } catch is ReleaseSpill.SpillError {}
                }
            }
            // The versions releaseChanges read, the store unchanged since.
            if let spill, spill.stamp == stamp { try store(from: spill) }
            if !pending.isEmpty, let again = try? spillVersions(db, of: Set(pending.keys), sliceBytes: sliceBytes) {
                // Read from the store as it is now, into a new spill.
                try store(from: again)
            }
            if !pending.isEmpty {
                // No temporary file: one released group's versions at a time, in memory.
                var versions = Data()
                var counter = VersionChangeCounter()
                var current: ReleaseGroup?
                func flush() throws {
                    guard let group = current else { return }
                    let bytes = versions
                    try store(group, count: bytes.count) { rowid in try ReleaseBlob.write(db, rowid: rowid, bytes: bytes, at: 0) }
                }
                try scanVersions(db, start: { group in
                    try flush()
                    current = pending[group] == nil ? nil : group
                    versions = Data()
                    counter = VersionChangeCounter()
                }, entry: { key, version in
                    guard current != nil, try counter.add(key: key, version: version) else { return }
                    withUnsafeBytes(of: key.littleEndian) { versions.append(contentsOf: $0) }
                    withUnsafeBytes(of: version.littleEndian) { versions.append(contentsOf: $0) }
                })
                try flush()
            }
            // Released groups without records left.
            for group in pending.keys.sorted() { try store(group, count: 0) { _ in } }
            return ReleaseRecord(id: id, out: release.out, releasedAt: now, hold: release.hold,
                                 released: release.released.map(\.group).sorted().map(\.label), held: release.held.sorted().map(\.label))
        }
    }

    /// The current versions of `groups`, read from the store into a new spill; nil when no
    /// temporary file could be written.
    private func spillVersions(_ db: Database, of groups: Set<ReleaseGroup>, sliceBytes: Int) throws -> ReleaseSpill? {
        guard var writer = try? ReleaseSpill.Writer(sliceBytes: sliceBytes) else { return nil }
        var counter = VersionChangeCounter()
        var wanted = false
        var failed = false
        try scanVersions(db, start: { group in
            wanted = groups.contains(group)
            counter = VersionChangeCounter()
            if wanted, (try? writer.start(group)) == nil { failed = true }
        }, entry: { key, version in
            if wanted, try counter.add(key: key, version: version) { writer.add(key: key, version: version) }
        })
        guard !failed, let spill = try? writer.finish(stamp: try spillStamp(db)) else { return nil }
        return spill
    }

    /// The releases a run recorded.
    package func releases(runId: Int64) throws(StoreError) -> [ReleaseRecord] {
        try read("read releases") { db in
            try Row.fetchAll(db, sql: "SELECT id, out_name, released_at, hold, released, held FROM releases WHERE run_id = ? ORDER BY id",
                             arguments: [runId]).map { row in
                func list(_ text: String) -> [String] { (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? [] }
                return ReleaseRecord(id: row[0], out: row[1], releasedAt: row[2], hold: row[3], released: list(row[4]), held: list(row[5]))
            }
        }
    }
}
