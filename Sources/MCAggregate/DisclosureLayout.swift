/// How disclosure control sees a report: how its rows fall into (country, year) groups, and which
/// measures it publishes as counts of awards and of people.
package struct DisclosureLayout: Sendable, Equatable {
    /// How a row relates to its (country, year) total.
    package enum Grouping: Sendable, Equatable {
        /// `country, year, …`: detail cells, and a total row with `_T` in every other dimension.
        case totals
        /// `country, month`: the months of a (country, year) add up to its total, which the
        /// report itself does not publish.
        case months
        /// `country, year`: every row is the (country, year) total.
        case countryYear
        /// `country, year, …` in several breakdowns with `_T` margins (`learners`): the rows
        /// that differ from a row with `_T` in one place only, where they have a value, add up
        /// to it (the cells of an age band to the band's margin, the margins to the total).
        case margins
    }

    package var grouping: Grouping
    package var credentialsMeasure: Int?
    package var learnersMeasure: Int?

    package init(grouping: Grouping = .totals, credentialsMeasure: Int?, learnersMeasure: Int?) {
        self.grouping = grouping
        self.credentialsMeasure = credentialsMeasure
        self.learnersMeasure = learnersMeasure
    }

    /// The (country, year) a row belongs to.
    func countryYear(of row: ReportRow) -> [String] {
        switch grouping {
        case .totals, .countryYear, .margins: Array(row.dimensions.prefix(2))
        case .months: [row.dimensions[0], String(row.dimensions[1].prefix(4))]
        }
    }

    /// Whether a row is its (country, year)'s total.
    func isTotal(_ row: ReportRow) -> Bool {
        switch grouping {
        case .totals, .margins: row.dimensions.count > 2 && row.dimensions[2...].allSatisfy { $0 == Codes.total }
        case .months: false
        case .countryYear: true
        }
    }
}
