/// How to read a CSV layout other than the canonical one: what an institution's export calls
/// each column, its delimiter, text encoding, decimal mark, date format and extra vocabulary.
/// Profiles live in `pipelines/profiles/<name>.yml`.
package struct CSVProfile: Sendable, Equatable, Codable {
    /// Text encodings a profile may declare.
    package enum Encoding: String, Sendable, Codable {
        case utf8 = "utf-8"
        case windows1252 = "windows-1252"
    }

    package var name: String
    /// One byte, `,` by default.
    package var delimiter: String
    package var encoding: Encoding
    /// `.` or `,`.
    package var decimalMark: String
    /// A date pattern of `YYYY`, `MM`, `DD` and separators (`DD.MM.YYYY`); nil for `YYYY-MM-DD`.
    package var dateFormat: String?
    /// Canonical field name → the export's column name.
    package var columns: [String: String]
    /// Canonical field name → (the export's value, lower-cased → canonical value).
    package var vocabulary: [String: [String: String]]

    package init(name: String, delimiter: String = ",", encoding: Encoding = .utf8, decimalMark: String = ".",
                dateFormat: String? = nil, columns: [String: String] = [:], vocabulary: [String: [String: String]] = [:]) {
        self.name = name
        self.delimiter = delimiter
        self.encoding = encoding
        self.decimalMark = decimalMark
        self.dateFormat = dateFormat
        self.columns = columns
        self.vocabulary = vocabulary
    }

    enum CodingKeys: String, CodingKey {
        case name, delimiter, encoding, columns, vocabulary
        case decimalMark = "decimal_mark", dateFormat = "date_format"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        delimiter = try container.decodeIfPresent(String.self, forKey: .delimiter) ?? ","
        encoding = try container.decodeIfPresent(Encoding.self, forKey: .encoding) ?? .utf8
        decimalMark = try container.decodeIfPresent(String.self, forKey: .decimalMark) ?? "."
        dateFormat = try container.decodeIfPresent(String.self, forKey: .dateFormat)
        columns = try container.decodeIfPresent([String: String].self, forKey: .columns) ?? [:]
        vocabulary = try container.decodeIfPresent([String: [String: String]].self, forKey: .vocabulary) ?? [:]
    }

    /// What is wrong with the profile, nil when it can be used.
    package var problem: String? {
        if delimiter.utf8.count != 1 { return "delimiter must be one character (\",\", \";\", a tab)" }
        if decimalMark != "." && decimalMark != "," { return "decimal_mark must be \".\" or \",\"" }
        for field in columns.keys where Field.named[field] == nil { return "columns: '\(field)' is not a canonical field" }
        for field in vocabulary.keys where Field.named[field] == nil { return "vocabulary: '\(field)' is not a canonical field" }
        if let dateFormat, !(dateFormat.contains("YYYY") && dateFormat.contains("MM") && dateFormat.contains("DD")) {
            return "date_format must contain YYYY, MM and DD (e.g. DD.MM.YYYY)"
        }
        return nil
    }

    /// The canonical field for an export's column name, if the profile maps it.
    package func field(forColumn column: String) -> Field? {
        columns.first { $0.value.trimmingASCIIWhitespace().lowercased() == column }.flatMap { Field.named[$0.key] }
    }

    /// A date written in `dateFormat` (`YYYY-MM-DD` without one), for examples in hints.
    package func written(year: Int, month: Int, day: Int) -> String {
        let date = CalendarDate(year: year, month: month, day: day)?.description ?? "2025-04-01"
        guard let dateFormat else { return date }
        let digits = Array(date.utf8)
        var (y, m, d) = (0, 5, 8)
        var out: [UInt8] = []
        for byte in dateFormat.utf8 {
            switch byte {
            case UInt8(ascii: "Y") where y < 4: out.append(digits[y]); y += 1
            case UInt8(ascii: "M") where m < 7: out.append(digits[m]); m += 1
            case UInt8(ascii: "D") where d < 10: out.append(digits[d]); d += 1
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A date written in `dateFormat`, as `YYYY-MM-DD`; nil when it does not match.
    package func isoDate(_ text: String) -> String? {
        guard let dateFormat else { return nil }
        let pattern = Array(dateFormat.utf8), value = Array(text.utf8)
        guard pattern.count == value.count else { return nil }
        var year = "", month = "", day = ""
        for (p, v) in zip(pattern, value) {
            switch p {
            case UInt8(ascii: "Y"), UInt8(ascii: "M"), UInt8(ascii: "D"):
                guard v >= 48 && v <= 57 else { return nil }
                let digit = String(UnicodeScalar(v))
                if p == UInt8(ascii: "Y") { year += digit } else if p == UInt8(ascii: "M") { month += digit } else { day += digit }
            default:
                guard p == v else { return nil }
            }
        }
        guard year.count == 4, month.count == 2, day.count == 2 else { return nil }
        return "\(year)-\(month)-\(day)"
    }
}
