package import MCModel

/// Gathers the current version of every stored record, per (country, year) of issue, as each
/// kind of store reads them off its `credentials`: a joint award belongs to each of its
/// countries. Each (countries, year) seen is split into its groups once.
package struct RecordVersionsBuilder {
    private var entries: [ReleaseGroup: [(key: UInt64, version: UInt64)]] = [:]
    private var groupsOf: [String: [ReleaseGroup]] = [:]   // "countries|…␟year" → its groups

    package init() {}

    /// One stored record: its key, `issuer_country` as stored (`|`-joined), the first four
    /// characters of its issue date, and its content hash (nil for a record stored before hashes).
    package mutating func add(awardingBodyId body: String, credentialId id: String, countries: String, yearText: String, hash: String?) {
        let key = RecordVersions.digest(body + "\u{1F}" + id)
        let version = RecordVersions.version(contentHash: hash)
        let place = countries + "\u{1F}" + yearText
        if groupsOf[place] == nil {
            let year = Int(yearText).map(String.init) ?? yearText
            var seen: [ReleaseGroup] = []
            for country in countries.split(separator: "|").map(String.init) where !seen.contains(where: { $0.country == country }) {
                seen.append(ReleaseGroup(country: country, year: year))
            }
            groupsOf[place] = seen
        }
        for group in groupsOf[place] ?? [] { entries[group, default: []].append((key, version)) }
    }

    /// The versions gathered, per group.
    package var versions: [ReleaseGroup: RecordVersions] { entries.mapValues(RecordVersions.init) }
}
