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

/// A measure column: its name in CSV and JSON, and its code in SDMX (`MEASURE` dimension).
public struct MeasureSpec: Sendable, Equatable {
    public var name: String
    public var code: String
    public var label: String

    public init(_ name: String, code: String? = nil, label: String) {
        self.name = name
        self.code = code ?? name.uppercased()
        self.label = label
    }

    public static let credentials = MeasureSpec("credentials", label: "Micro-credentials awarded")
    public static let learners = MeasureSpec("learners", label: "Distinct learners")
    public static let ectsTotal = MeasureSpec("ects_total", code: "ECTS", label: "ECTS credits awarded")
    public static let shareMultiple = MeasureSpec("share_learners_multiple", label: "Share of learners holding two or more micro-credentials in the country and year")
}

/// How disclosure control sees a report: which leading dimensions form a group that adds up to
/// a total row (`_T` in every other dimension), and which measures count awards and people.
public struct DisclosureLayout: Sendable, Equatable {
    public var groupLength: Int
    public var credentialsMeasure: Int?
    public var learnersMeasure: Int?

    public init(groupLength: Int, credentialsMeasure: Int?, learnersMeasure: Int?) {
        self.groupLength = groupLength
        self.credentialsMeasure = credentialsMeasure
        self.learnersMeasure = learnersMeasure
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

    /// The integer value of measure `index`, 0 when absent or suppressed.
    public func count(_ index: Int?) -> Int? {
        guard let index else { return nil }
        if case .count(let n)? = measures[index] { return n }
        return 0
    }
}

/// A finished report: its name, column names and rows in their published order.
public struct ReportTable: Sendable, Equatable {
    public var name: String
    public var title: String
    public var dimensions: [String]
    public var measures: [MeasureSpec]
    /// Disclosure control's view of the table; nil for reports that count no people (completeness).
    public var disclosure: DisclosureLayout?
    public var rows: [ReportRow]

    public init(name: String, title: String = "", dimensions: [String], measures: [MeasureSpec],
                disclosure: DisclosureLayout? = nil, rows: [ReportRow]) {
        self.name = name
        self.title = title.isEmpty ? name : title
        self.dimensions = dimensions
        self.measures = measures
        self.disclosure = disclosure
        self.rows = rows
    }

    /// Whether the table carries a `status` column (reports under disclosure control do).
    public var hasStatus: Bool { disclosure != nil }

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
