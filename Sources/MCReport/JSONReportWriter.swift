package import MCAggregate
internal import MCModel

/// Writes each report as JSON: `{"report": …, "dimensions": […], "rows": [{…}, …]}` exactly. A row
/// holds its dimension codes as strings, its measures as numbers (`null` when suppressed) and,
/// under disclosure control, its `status`. Keys keep column order, so the bytes are stable.
package struct JSONReportWriter: ReportWriter {
    package let format = "json"

    package init() {}

    package func files(for tables: [ReportTable], context: RenderContext) -> [OutputFile] {
        tables.map { OutputFile(name: "\($0.name).json", report: $0.name, bytes: render($0)) }
    }

    package func render(_ table: ReportTable) -> [UInt8] {
        var out = "{\n  \"report\": \(JSONText.string(table.name)),\n"
        out += "  \"dimensions\": [" + table.dimensions.map(JSONText.string).joined(separator: ", ") + "],\n"
        out += "  \"rows\": ["
        for (index, row) in table.rows.enumerated() {
            var members = zip(table.dimensions, row.dimensions).map { "\(JSONText.string($0)): \(JSONText.string($1))" }
            members += zip(table.measures, row.measures).map { "\(JSONText.string($0.name)): \($1?.text ?? "null")" }
            if table.hasStatus { members.append("\"status\": \(JSONText.string(row.status.rawValue))") }
            out += (index == 0 ? "\n" : ",\n") + "    {" + members.joined(separator: ", ") + "}"
        }
        out += table.rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return Array(out.utf8)
    }
}
