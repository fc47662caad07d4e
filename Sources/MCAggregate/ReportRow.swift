/// One row of a report: its dimension codes, its measures (nil when suppressed, withheld or not
/// applicable), its status, and the counts behind it that disclosure control checks.
package struct ReportRow: Sendable, Equatable {
    package var dimensions: [String]
    package var measures: [MeasureValue?]
    package var status: CellStatus
    /// The credentials and distinct learners behind the row, whether or not the report publishes
    /// them (nil: take them from the published measures).
    package var counts: CellCounts?
    /// Measures of a published row withheld by the share rule (SDMX: `NaN` with `CONF_STATUS` `C`).
    package var withheld: Set<Int>
    /// The cell keys behind the row's counts and shares (the cell key method's), nil when not
    /// tallied; dropped once the row is perturbed.
    package var keys: CellKeys?

    package init(dimensions: [String], measures: [MeasureValue?], status: CellStatus = .published,
                counts: CellCounts? = nil, withheld: Set<Int> = [], keys: CellKeys? = nil) {
        self.dimensions = dimensions
        self.measures = measures
        self.status = status
        self.counts = counts
        self.withheld = withheld
        self.keys = keys
    }

    /// The integer value of measure `index`, 0 when absent or suppressed.
    package func count(_ index: Int?) -> Int? {
        guard let index else { return nil }
        if case .count(let n)? = measures[index] { return n }
        return 0
    }
}

/// The credentials and distinct learners behind one cell.
package struct CellCounts: Sendable, Equatable {
    package var credentials: Int
    package var learners: Int

    package init(credentials: Int, learners: Int) {
        self.credentials = credentials
        self.learners = learners
    }
}

/// Whether a cell is published or suppressed by disclosure control, and why.
package enum CellStatus: String, Sendable, Codable, Equatable {
    /// Published (written as an empty status).
    case published = ""
    /// Suppressed because the cell itself is small.
    case primary = "C"
    /// Suppressed to protect another cell.
    case secondary = "D"

    package var isSuppressed: Bool { self != .published }
}

/// One measure value of a report row, with its fixed textual form.
package enum MeasureValue: Sendable, Equatable {
    case count(Int)
    /// A decimal already written with its fixed number of places (`12.50`).
    case decimal(String)
    /// A share `numerator / denominator` (denominator > 0), written with four decimals. Its two
    /// counts stay with it so that disclosure control can apply the share rule.
    case share(numerator: Int, denominator: Int)

    package var text: String {
        switch self {
        case .count(let n): String(n)
        case .decimal(let text): text
        case .share(let numerator, let denominator): DecimalFormat.fixed(Double(numerator) / Double(denominator), places: 4)
        }
    }

    /// A share of `denominator`, or nil when there is nothing to share (denominator 0).
    package static func share(_ numerator: Int, of denominator: Int) -> MeasureValue? {
        denominator > 0 ? .share(numerator: numerator, denominator: denominator) : nil
    }
}
