/// JSON literals written by hand, so that output bytes never depend on an encoder's choices
/// (and cost nothing per call on hot paths).
package enum JSONText {
    /// A JSON string literal for `value` (what JSONEncoder writes without slash escaping, but for
    /// U+0008 and U+000C, written `\u0008` and `\u000c`: see ``encoderString(_:)``).
    package static func string(_ value: String) -> String {
        // Most values need no escape: one scan of the bytes, one copy.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + value + "\""
        }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON string literal exactly as JSONEncoder writes it without slash escaping: as
    /// ``string(_:)``, but U+0008 and U+000C as `\b` and `\f` (``string(_:)`` writes
    /// `\u0008` and `\u000c`, and its outputs keep that form).
    package static func encoderString(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x08 || $0 == 0x0C }) else { return string(value) }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\u{8}": out += "\\b"
            case "\u{c}": out += "\\f"
            default:
                let escaped = string(String(scalar))
                out += escaped.dropFirst().dropLast()
            }
        }
        return out + "\""
    }

    /// A JSON array of strings.
    package static func array(_ items: [String]) -> String {
        "[" + items.map(string).joined(separator: ",") + "]"
    }
}
