import MCAggregate

/// Writes a report as CSV: the dimension columns, the measures, then `status` for reports under
/// disclosure control. Comma-delimited, LF line ends, fields quoted only when they must be.
public struct CSVReportWriter: ReportWriter {
    public let format = "csv"

    public init() {}

    public func fileName(for table: ReportTable) -> String { "\(table.name).csv" }

    public func render(_ table: ReportTable) -> [UInt8] {
        var out = ""
        let header = table.dimensions + table.measures + (table.hasStatus ? ["status"] : [])
        out += header.map(CSVReportWriter.quote).joined(separator: ",") + "\n"
        for row in table.rows {
            var fields = row.dimensions.map(CSVReportWriter.quote)
            fields += row.measures.map { $0.map { CSVReportWriter.quote($0.text) } ?? "" }
            if table.hasStatus { fields.append(row.status.rawValue) }
            out += fields.joined(separator: ",") + "\n"
        }
        return Array(out.utf8)
    }

    static func quote(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
