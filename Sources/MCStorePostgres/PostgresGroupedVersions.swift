#if PostgreSQL
internal import MCModel

/// The current version of every stored record, group by group, as the SQLite store's
/// `GroupedVersions` gives them: the server splits each record's `issuer_country` into its
/// countries (a joint award belongs to each) and sorts by (country, year) of issue; the rows are
/// read through a cursor, a batch at a time, and each group's key and version digests
/// (``RecordVersions``) are sorted here. Memory holds one batch and one group, whatever the
/// store's size, and the session is free between batches for what the caller does with a group.
enum PostgresGroupedVersions {
    /// Rows a `FETCH` reads when the caller does not say.
    static let fetchRows = 8192

    /// Calls `visit` with each (country, year) that `wanted` accepts and its records' (key,
    /// version) digests sorted by key, then version. A record naming a country twice comes twice
    /// in a row. Runs inside the caller's transaction (the cursor lives there).
    static func scan(_ session: PostgresSession, fetchRows: Int = fetchRows, wanted: (ReleaseGroup) -> Bool = { _ in true },
                     _ visit: (ReleaseGroup, [(key: UInt64, version: UInt64)]) throws -> Void) throws {
        var place: (country: String, year: String)?
        var group: ReleaseGroup?
        var entries: [(key: UInt64, version: UInt64)] = []
        func flush() throws {
            if let group {
                entries.sort { $0.key < $1.key || ($0.key == $1.key && $0.version < $1.version) }
                try visit(group, entries)
            }
            entries.removeAll(keepingCapacity: true)
        }
        // Country codes are checked on import (letters); bytes order them, as SQLite does.
        try session.forEachRow(cursor: "mcstat_grouped_versions", """
            SELECT g.country, substr(c.issue_date, 1, 4), c.awarding_body_id || E'\\x1F' || c.credential_id, c.content_hash
            FROM credentials c CROSS JOIN LATERAL unnest(string_to_array(c.issuer_country, '|')) AS g(country)
            WHERE g.country <> ''
            ORDER BY g.country COLLATE "C", substr(c.issue_date, 1, 4) COLLATE "C"
            """, fetchRows: fetchRows) { row in
            let country = try row.string(0) ?? "", yearText = try row.string(1) ?? ""
            if place?.country != country || place?.year != yearText {
                try flush()
                place = (country, yearText)
                let next = ReleaseGroup(country: country, year: Int(yearText).map(String.init) ?? yearText)
                group = wanted(next) ? next : nil
            }
            if group != nil {
                entries.append((RecordVersions.digest(try row.string(2) ?? ""), RecordVersions.version(contentHash: try row.string(3))))
            }
            return true
        }
        try flush()
    }
}
#endif
