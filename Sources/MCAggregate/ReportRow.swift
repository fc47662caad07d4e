/// One row of a report: its dimension codes, its measures (nil when suppressed, withheld or not
/// applicable), its status, and the counts behind it that disclosure control checks.
public struct ReportRow: Sendable, Equatable {
    public var dimensions: [String]
    public var measures: [MeasureValue?]
    public var status: CellStatus
    /// The credentials and distinct learners behind the row, whether or not the report publishes
    /// them (nil: take them from the published measures).
    public var counts: CellCounts?
    /// Measures of a published row withheld by the share rule (SDMX: `NaN` with `CONF_STATUS` `C`).
    public var withheld: Set<Int>
    /// The cell keys behind the row's counts and shares (the cell key method's), nil when not
    /// tallied; dropped once the row is perturbed.
    public var keys: CellKeys?

    public init(dimensions: [String], measures: [MeasureValue?], status: CellStatus = .published,
                counts: CellCounts? = nil, withheld: Set<Int> = [], keys: CellKeys? = nil) {
        self.dimensions = dimensions
        self.measures = measures
        self.status = status
        self.counts = counts
        self.withheld = withheld
        self.keys = keys
    }

    /// The integer value of measure `index`, 0 when absent or suppressed.
    public func count(_ index: Int?) -> Int? {
        guard let index else { return nil }
        if case .count(let n)? = measures[index] { return n }
        return 0
    }
}

/// The credentials and distinct learners behind one cell.
public struct CellCounts: Sendable, Equatable {
    public var credentials: Int
    public var learners: Int

    public init(credentials: Int, learners: Int) {
        self.credentials = credentials
        self.learners = learners
    }
}

/// Whether a cell is published or suppressed by disclosure control, and why.
public enum CellStatus: String, Sendable, Codable, Equatable {
    /// Published (written as an empty status).
    case published = ""
    /// Suppressed because the cell itself is small.
    case primary = "C"
    /// Suppressed to protect another cell.
    case secondary = "D"

    public var isSuppressed: Bool { self != .published }
}

/// One measure value of a report row, with its fixed textual form.
public enum MeasureValue: Sendable, Equatable {
    case count(Int)
    /// A decimal already written with its fixed number of places (`12.50`).
    case decimal(String)
    /// A share `numerator / denominator` (denominator > 0), written with four decimals. Its two
    /// counts stay with it so that disclosure control can apply the share rule.
    case share(numerator: Int, denominator: Int)

    public var text: String {
        switch self {
        case .count(let n): String(n)
        case .decimal(let text): text
        case .share(let numerator, let denominator): DecimalFormat.fixed(Double(numerator) / Double(denominator), places: 4)
        }
    }

    /// A share of `denominator`, or nil when there is nothing to share (denominator 0).
    public static func share(_ numerator: Int, of denominator: Int) -> MeasureValue? {
        denominator > 0 ? .share(numerator: numerator, denominator: denominator) : nil
    }
}
