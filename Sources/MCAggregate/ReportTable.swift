/// A finished report: its name, column names and rows in their published order.
package struct ReportTable: Sendable, Equatable {
    package var name: String
    package var title: String
    package var dimensions: [String]
    package var measures: [MeasureSpec]
    /// Disclosure control's view of the table; nil for reports that count no people (completeness).
    package var disclosure: DisclosureLayout?
    package var rows: [ReportRow]

    package init(name: String, title: String = "", dimensions: [String], measures: [MeasureSpec],
                disclosure: DisclosureLayout? = nil, rows: [ReportRow]) {
        self.name = name
        self.title = title.isEmpty ? name : title
        self.dimensions = dimensions
        self.measures = measures
        self.disclosure = disclosure
        self.rows = rows
    }

    /// Whether the table carries a `status` column (reports under disclosure control do).
    package var hasStatus: Bool { disclosure != nil }

    /// Sorts rows by their dimension columns, in column order, byte-wise: the same store always
    /// gives the same order.
    package mutating func sortRows() {
        rows.sort { a, b in
            for (x, y) in zip(a.dimensions, b.dimensions) where x != y {
                return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
            }
            return false
        }
    }
}
