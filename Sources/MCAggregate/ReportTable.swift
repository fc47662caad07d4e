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
    /// A decimal written with exactly `places` decimals (`12.50`).
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
}

/// A finished report: its name, column names and rows in their published order.
public struct ReportTable: Sendable, Equatable {
    public var name: String
    public var dimensions: [String]
    public var measures: [String]
    /// Whether the table carries a `status` column (reports under disclosure control do).
    public var hasStatus: Bool
    public var rows: [ReportRow]

    public init(name: String, dimensions: [String], measures: [String], hasStatus: Bool = true, rows: [ReportRow]) {
        self.name = name
        self.dimensions = dimensions
        self.measures = measures
        self.hasStatus = hasStatus
        self.rows = rows
    }

    /// Sorts rows by their dimension columns, in column order, byte-wise: the same store always
    /// gives the same order.
    public mutating func sortRows() {
        rows.sort { a, b in
            for (x, y) in zip(a.dimensions, b.dimensions) where x != y {
                return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
            }
            return false
        }
    }
}
