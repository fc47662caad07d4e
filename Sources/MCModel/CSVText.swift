import Foundation

/// RFC 4180 output: a field is quoted only when it holds a comma, a quote or a line break.
package enum CSVText {
    package static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One line of fields, without its line break.
    package static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }
}
