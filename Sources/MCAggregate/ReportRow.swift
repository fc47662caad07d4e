/// One row of a report: its dimension codes, its measures (nil when suppressed), its status.
public struct ReportRow: Sendable, Equatable {
    public var dimensions: [String]
    public var measures: [MeasureValue?]
    public var status: CellStatus

    public init(dimensions: [String], measures: [MeasureValue?], status: CellStatus = .published) {
        self.dimensions = dimensions
        self.measures = measures
        self.status = status
    }

    /// The integer value of measure `index`, 0 when absent or suppressed.
    public func count(_ index: Int?) -> Int? {
        guard let index else { return nil }
        if case .count(let n)? = measures[index] { return n }
        return 0
    }
}

/// Whether a cell is published or suppressed by disclosure control, and why.
public enum CellStatus: String, Sendable, Codable, Equatable {
    /// Published (written as an empty status).
    case published = ""
    /// Suppressed because the cell itself is small.
    case primary = "C"
    /// Suppressed to protect another suppressed cell.
    case secondary = "D"

    public var isSuppressed: Bool { self != .published }
}

/// One measure value of a report row, with its fixed textual form.
public enum MeasureValue: Sendable, Equatable {
    case count(Int)
    /// A decimal already written with its fixed number of places (`12.50`).
    case decimal(String)
    /// A share in [0, 1], written with four decimals.
    case share(Double)

    public var text: String {
        switch self {
        case .count(let n): String(n)
        case .decimal(let text): text
        case .share(let value): DecimalFormat.fixed(value, places: 4)
        }
    }
}
