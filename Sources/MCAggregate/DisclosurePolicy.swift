/// Which rules of disclosure control apply. Production always uses ``standard``; the other
/// settings exist so that tests can show what each rule protects against.
package struct DisclosurePolicy: Sendable, Equatable {
    /// Check the distinct learners behind every cell, not only the credentials.
    package var checksLearners: Bool
    /// Protect the catalogue as a whole: one status per (country, year) total across reports, the
    /// months of `trend` and the share margins as groups. Off, each report is protected alone.
    package var linksReports: Bool

    package init(checksLearners: Bool = true, linksReports: Bool = true) {
        self.checksLearners = checksLearners
        self.linksReports = linksReports
    }

    package static let standard = DisclosurePolicy()
}
