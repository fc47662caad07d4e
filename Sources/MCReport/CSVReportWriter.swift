import Foundation
package import MCAggregate
internal import MCModel

/// Writes each report as CSV: the dimension columns, the measures, then `status` for reports under
/// disclosure control. Comma-delimited, LF line ends, fields quoted only when they must be.
package struct CSVReportWriter: ReportWriter {
    package let format = "csv"

    package init() {}

    package func files(for tables: [ReportTable], context: RenderContext) -> [OutputFile] {
        tables.map { OutputFile(name: "\($0.name).csv", report: $0.name, bytes: render($0)) }
    }

    package func render(_ table: ReportTable) -> [UInt8] {
        var out = ""
        let header = table.dimensions + table.measures.map(\.name) + (table.hasStatus ? ["status"] : [])
        out += header.map(CSVReportWriter.quote).joined(separator: ",") + "\n"
        for row in table.rows {
            var fields = row.dimensions.map(CSVReportWriter.quote)
            fields += row.measures.map { $0.map { CSVReportWriter.quote($0.text) } ?? "" }
            if table.hasStatus { fields.append(row.status.rawValue) }
            out += fields.joined(separator: ",") + "\n"
        }
        return Array(out.utf8)
    }

    static func quote(_ value: String) -> String { CSVText.field(value) }
}
