#if PostgreSQL
import Foundation
package import MCModel
package import MCStore

extension PostgresPipelineStore {
    package func publishedGroups(out: String) throws(StoreError) -> [ReleaseGroup: PublishedGroup] {
        try inTransaction("read the release state", readOnly: true) { session in
            var groups: [ReleaseGroup: PublishedGroup] = [:]
            try session.forEachRow("""
                SELECT g.country, g.year, g.release_id, r.released_at, g.layout, encode(g.rows, 'hex')
                FROM release_groups g JOIN releases r ON r.id = g.release_id WHERE g.out_name = $1
                """, [.text(out)]) { row in
                groups[ReleaseGroup(country: try row.string(0) ?? "", year: try row.string(1) ?? "")] = PublishedGroup(
                    releaseId: Int64(try row.int(2) ?? 0), releasedAt: try row.string(3) ?? "", layout: try row.string(4) ?? "",
                    rows: Self.bytes(hex: try row.string(5) ?? ""))
            }
            return groups
        }
    }

    /// Per group, the records changed since `out` last published it under `layout`: the current
    /// versions come group by group (``PostgresGroupedVersions``, sorted in bounded memory) past
    /// the group's published ones, read a slice at a time, so memory holds a batch, a sorted run
    /// and a slice, whatever the store's and the group's size.
    package func releaseChanges(out: String, layout: String) throws(StoreError) -> [ReleaseGroup: Int] {
        try releaseChanges(out: out, layout: layout, fetchRows: PostgresGroupedVersions.fetchRows)
    }

    /// ``releaseChanges(out:layout:)`` reading `fetchRows` rows a `FETCH`, sorting runs of
    /// `runEntries` and reading `sliceBytes` of published versions at a time (tests try small ones).
    package func releaseChanges(out: String, layout: String, fetchRows: Int, runEntries: Int = VersionSorter.runEntries,
                                sliceBytes: Int = VersionChangeCounter.sliceBytes) throws(StoreError) -> [ReleaseGroup: Int] {
        try inTransaction("count the changes since the last release", readOnly: true) { session in
            var changes: [ReleaseGroup: Int] = [:]
            try PostgresGroupedVersions.scan(session, fetchRows: fetchRows, runEntries: runEntries) { group, entries in
                let binds: [PostgresValue] = [.text(out), .text(group.country), .text(group.year), .text(layout)]
                var counter = VersionChangeCounter()
                if let row = try session.row("""
                    SELECT length(versions) FROM release_groups WHERE out_name = $1 AND country = $2 AND year = $3 AND layout = $4
                    """, binds) {
                    counter = VersionChangeCounter(count: try row.int(0) ?? 0, sliceBytes: sliceBytes) { range in
                        Data(try session.row("""
                            SELECT substring(versions FROM $5::integer FOR $6::integer) FROM release_groups
                            WHERE out_name = $1 AND country = $2 AND year = $3 AND layout = $4
                            """, binds + [.int(range.lowerBound + 1), .int(range.count)])?.bytes(0) ?? [])
                    }
                }
                try entries { key, version in try counter.add(key: key, version: version) }
                changes[group] = counter.finish()
            }
            // Groups published without records left: every published record is a change.
            for row in try session.rows("""
                SELECT country, year, length(versions) / 16 FROM release_groups WHERE out_name = $1 AND layout = $2
                """, [.text(out), .text(layout)]) {
                let group = ReleaseGroup(country: try row.string(0) ?? "", year: try row.string(1) ?? "")
                if changes[group] == nil { changes[group] = try row.int(2) ?? 0 }
            }
            return changes
        }
    }

    /// Every record's current version at once, per group (tests compare the streamed counts with
    /// it; the hold itself streams).
    package func recordVersions() throws(StoreError) -> [ReleaseGroup: RecordVersions] {
        try recordVersions(fetchRows: PostgresGroupedVersions.fetchRows)
    }

    /// ``recordVersions()`` reading `fetchRows` records a `FETCH` (tests try small ones).
    package func recordVersions(fetchRows: Int) throws(StoreError) -> [ReleaseGroup: RecordVersions] {
        try inTransaction("read record versions", readOnly: true) { session in
            var builder = RecordVersionsBuilder()
            try session.forEachRow(cursor: "mcstat_record_versions", """
                SELECT awarding_body_id, credential_id, issuer_country, substr(issue_date, 1, 4), content_hash FROM credentials
                """, fetchRows: fetchRows) { row in
                builder.add(awardingBodyId: try row.string(0) ?? "", credentialId: try row.string(1) ?? "", countries: try row.string(2) ?? "",
                            yearText: try row.string(3) ?? "", hash: try row.string(4))
                return true
            }
            return builder.versions
        }
    }

    package func recordRelease(_ release: NewRelease) throws(StoreError) -> ReleaseRecord {
        try recordRelease(release, fetchRows: PostgresGroupedVersions.fetchRows)
    }

    /// ``recordRelease(_:)`` reading the versions `fetchRows` rows at a time, sorting runs of
    /// `runEntries` and sending `sliceBytes` at a time (tests try small ones): a released group's
    /// versions larger than a slice go to the server in slices, into a temporary table that one
    /// `string_agg` joins into its row.
    package func recordRelease(_ release: NewRelease, fetchRows: Int, runEntries: Int = VersionSorter.runEntries,
                               sliceBytes: Int = VersionChangeCounter.sliceBytes) throws(StoreError) -> ReleaseRecord {
        try inTransaction("record a release") { session in
            let now = Self.timestamp()
            func list(_ groups: [ReleaseGroup]) -> String {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return String(decoding: (try? encoder.encode(groups.sorted().map(\.label))) ?? Data("[]".utf8), as: UTF8.self)
            }
            let id = Int64(try session.row("""
                INSERT INTO releases (out_name, released_at, run_id, hold, layout, released, held) VALUES ($1, $2, $3, $4, $5, $6, $7)
                RETURNING id
                """, [.text(release.out), .text(now), .int(release.runId.map(Int.init)), .int(release.hold), .text(release.layout),
                      .text(list(release.released.map(\.group))), .text(list(release.held))])?.int(0) ?? 0)
            var pending = Dictionary(release.released.map { ($0.group, $0.rows) }, uniquingKeysWith: { first, _ in first })
            /// Stores `group` with `versions`, or (nil) with the slices in the temporary table.
            func store(_ group: ReleaseGroup, _ versions: [UInt8]?) throws {
                guard let rows = pending.removeValue(forKey: group) else { return }
                let binds: [PostgresValue] = [.text(release.out), .text(group.country), .text(group.year), .int(id), .text(release.layout),
                                              .bytes([UInt8](rows))]
                let upsert = """
                    ON CONFLICT (out_name, country, year) DO UPDATE SET release_id = EXCLUDED.release_id, layout = EXCLUDED.layout,
                        rows = EXCLUDED.rows, versions = EXCLUDED.versions
                    """
                if let versions {
                    try session.execute("""
                        INSERT INTO release_groups (out_name, country, year, release_id, layout, rows, versions)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        """ + upsert, binds + [.bytes(versions)])
                } else {
                    try session.execute("""
                        INSERT INTO release_groups (out_name, country, year, release_id, layout, rows, versions)
                        VALUES ($1, $2, $3, $4, $5, $6, (SELECT string_agg(bytes, ''::bytea ORDER BY n) FROM mcstat_release_slices))
                        """ + upsert, binds)
                }
            }
            if !pending.isEmpty {
                var slice: [UInt8] = []
                var slices = 0
                var tableMade = false
                func send() throws {
                    if !tableMade {
                        try session.execute("""
                            CREATE TEMPORARY TABLE IF NOT EXISTS mcstat_release_slices (n integer PRIMARY KEY, bytes bytea NOT NULL) ON COMMIT DROP
                            """)
                        tableMade = true
                    }
                    try session.execute("INSERT INTO mcstat_release_slices (n, bytes) VALUES ($1, $2)", [.int(slices), .bytes(slice)])
                    slices += 1
                    slice.removeAll(keepingCapacity: true)
                }
                try PostgresGroupedVersions.scan(session, fetchRows: fetchRows, runEntries: runEntries, wanted: { pending[$0] != nil }) { group, entries in
                    // A record naming the group's country twice is stored once, as on SQLite.
                    var counter = VersionChangeCounter()
                    slice.removeAll(keepingCapacity: true)
                    slices = 0
                    try entries { key, version in
                        guard try counter.add(key: key, version: version) else { return }
                        withUnsafeBytes(of: key.littleEndian) { slice.append(contentsOf: $0) }
                        withUnsafeBytes(of: version.littleEndian) { slice.append(contentsOf: $0) }
                        if slice.count >= sliceBytes { try send() }
                    }
                    if slices == 0 {
                        try store(group, slice)
                    } else {
                        if !slice.isEmpty { try send() }
                        try store(group, nil)
                        try session.execute("DELETE FROM mcstat_release_slices")
                    }
                }
                // Released groups without records left.
                for group in pending.keys.sorted() { try store(group, []) }
            }
            return ReleaseRecord(id: id, out: release.out, releasedAt: now, hold: release.hold,
                                 released: release.released.map(\.group).sorted().map(\.label), held: release.held.sorted().map(\.label))
        }
    }

    package func releases(runId: Int64) throws(StoreError) -> [ReleaseRecord] {
        try using("read releases") { session in
            try session.rows("SELECT id, out_name, released_at, hold, released, held FROM releases WHERE run_id = $1 ORDER BY id",
                             [.int(runId)]).map { row throws(PostgresStoreError) in
                func list(_ text: String?) -> [String] { (try? JSONDecoder().decode([String].self, from: Data((text ?? "").utf8))) ?? [] }
                return ReleaseRecord(id: Int64(try row.int(0) ?? 0), out: try row.string(1) ?? "", releasedAt: try row.string(2) ?? "",
                                     hold: try row.int(3) ?? 0, released: list(try row.string(4)), held: list(try row.string(5)))
            }
        }
    }

    /// Bytes from PostgreSQL's `encode(…, 'hex')`.
    static func bytes(hex: String) -> Data {
        var data = Data(capacity: hex.utf8.count / 2)
        var high: UInt8?
        for byte in hex.utf8 {
            let value: UInt8
            switch byte {
            case 0x30...0x39: value = byte - 0x30
            case 0x61...0x66: value = byte - 0x61 + 10
            default: continue
            }
            if let first = high { data.append(first << 4 | value); high = nil } else { high = value }
        }
        return data
    }
}
#endif
