#if PostgreSQL
internal import MCModel
internal import MCStore

/// The current version of every stored record, group by group, as the SQLite store's
/// `GroupedVersions` gives them: the server splits each record's `issuer_country` into its
/// countries (a joint award belongs to each) and sorts by (country, year) of issue; the rows are
/// read through a cursor, a batch at a time, and each group's key and version digests
/// (``RecordVersions``) are sorted here by a ``VersionSorter`` (sorted runs in a temporary file,
/// merged). Memory holds one batch and one run, whatever the store's and the group's size, and
/// the session is free between batches for what the caller does with a group.
enum PostgresGroupedVersions {
    /// Rows a `FETCH` reads when the caller does not say.
    static let fetchRows = 8192

    /// Calls `visit` with each (country, year) that `wanted` accepts and a function that hands its
    /// records' (key, version) digests, sorted by key, then version, to the function it is given.
    /// A record naming a country twice comes twice in a row. Runs inside the caller's transaction
    /// (the cursor lives there).
    static func scan(_ session: PostgresSession, fetchRows: Int = fetchRows, runEntries: Int = VersionSorter.runEntries,
                     wanted: (ReleaseGroup) -> Bool = { _ in true },
                     _ visit: (ReleaseGroup, _ entries: ((UInt64, UInt64) throws -> Void) throws -> Void) throws -> Void) throws {
        var place: (country: String, year: String)?
        var group: ReleaseGroup?
        var sorter = VersionSorter(runEntries: runEntries)
        func flush() throws {
            if let group {
                try visit(group) { each in try sorter.drain(each) }
            }
            try sorter.drain { _, _ in }
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
                try sorter.add(key: RecordVersions.digest(try row.string(2) ?? ""), version: RecordVersions.version(contentHash: try row.string(3)))
            }
            return true
        }
        try flush()
    }
}
#endif
