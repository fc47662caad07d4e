internal import MCAggregate

/// A row's dimension values by the dimension's name, so that the page reads the same figures
/// whatever order a table gives its dimensions in.
struct DimensionReader {
    private let positions: [String: Int]

    init(_ table: ReportTable) {
        positions = Dictionary(table.dimensions.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The value of dimension `name` in `row`; empty when the table has no such dimension.
    func callAsFunction(_ row: ReportRow, _ name: String) -> String {
        positions[name].map { row.dimensions[$0] } ?? ""
    }
}
