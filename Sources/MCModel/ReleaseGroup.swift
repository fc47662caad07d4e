/// One (country, year) group of the catalogue: the unit a release hold holds or releases.
package struct ReleaseGroup: Hashable, Comparable, Sendable, Codable {
    package var country: String
    package var year: String

    package init(country: String, year: String) {
        self.country = country
        self.year = year
    }

    package static func < (a: ReleaseGroup, b: ReleaseGroup) -> Bool {
        a.country != b.country ? Array(a.country.utf8).lexicographicallyPrecedes(Array(b.country.utf8))
            : Array(a.year.utf8).lexicographicallyPrecedes(Array(b.year.utf8))
    }

    /// `FR 2025`, as run history and logs show it.
    package var label: String { "\(country) \(year)" }
}
