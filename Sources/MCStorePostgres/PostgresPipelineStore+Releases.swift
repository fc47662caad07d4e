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

    /// Per group, the records changed since `out` last published it under `layout`. Holds every
    /// record's versions at once (16 bytes a record, twice), unlike the SQLite store's streaming.
    package func releaseChanges(out: String, layout: String) throws(StoreError) -> [ReleaseGroup: Int] {
        let published = try inTransaction("read the published versions", readOnly: true) { session in
            var groups: [ReleaseGroup: RecordVersions] = [:]
            try session.forEachRow("""
                SELECT country, year, encode(versions, 'hex') FROM release_groups WHERE out_name = $1 AND layout = $2
                """, [.text(out), .text(layout)]) { row in
                groups[ReleaseGroup(country: try row.string(0) ?? "", year: try row.string(1) ?? "")] =
                    RecordVersions(data: Self.bytes(hex: try row.string(2) ?? ""))
            }
            return groups
        }
        return RecordVersions.changes(current: try recordVersions(), published: published)
    }

    package func recordVersions() throws(StoreError) -> [ReleaseGroup: RecordVersions] {
        try inTransaction("read record versions", readOnly: true) { session in
            var builder = RecordVersionsBuilder()
            try session.forEachRow("""
                SELECT awarding_body_id, credential_id, issuer_country, substr(issue_date, 1, 4), content_hash FROM credentials
                """) { row in
                builder.add(awardingBodyId: try row.string(0) ?? "", credentialId: try row.string(1) ?? "", countries: try row.string(2) ?? "",
                            yearText: try row.string(3) ?? "", hash: try row.string(4))
            }
            return builder.versions
        }
    }

    package func recordRelease(_ release: NewRelease) throws(StoreError) -> ReleaseRecord {
        // Read before the transaction; the caller holds the writer lock, so nothing changes them.
        let current: [ReleaseGroup: RecordVersions] = try release.released.isEmpty ? [:] : recordVersions()
        return try inTransaction("record a release") { session in
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
            for (group, rows) in release.released {
                let versions = current[group] ?? RecordVersions()
                try session.execute("""
                    INSERT INTO release_groups (out_name, country, year, release_id, layout, rows, versions)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (out_name, country, year) DO UPDATE SET release_id = EXCLUDED.release_id, layout = EXCLUDED.layout,
                        rows = EXCLUDED.rows, versions = EXCLUDED.versions
                    """, [.text(release.out), .text(group.country), .text(group.year), .int(id), .text(release.layout),
                          .bytes([UInt8](rows)), .bytes([UInt8](versions.data))])
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
