internal import MCModel

/// Renders a ``ValidationIssue`` as `JSONEncoder` does with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes` through `ValidationIssue.encode(to:)` — byte for byte, at any
/// indentation — without the encoder's reflection: the
/// issues of a large file are rendered on the hot path of `validate --format json`.
enum IssueJSON {
    /// The issue as a pretty, key-sorted JSON object whose lines are indented by `indent` spaces.
    static func render(_ issue: ValidationIssue, indent: Int) -> String {
        var bytes: [UInt8] = []
        render(issue, indent: indent, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``render(_:indent:)``, appended to `out` as UTF-8.
    static func render(_ issue: ValidationIssue, indent: Int, into out: inout [UInt8]) {
        func pad(_ count: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
        func raw(_ text: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }
        var first = true
        /// Starts the member `key`: the separator, the indent and `"key" : `.
        func member(_ key: StaticString) {
            raw(first ? "\n" : ",\n")
            first = false
            pad(indent + 2)
            raw("\"")
            raw(key)
            raw("\" : ")
        }
        func optional(_ text: String?) { if let text { string(text, into: &out) } else { raw("null") } }
        func number(_ value: Int?) { if let value { out.append(contentsOf: String(value).utf8) } else { raw("null") } }
        pad(indent)
        raw("{")
        // Keys in sorted order, as `ValidationIssue.encode(to:)` writes them: every key (null when
        // absent) but `pointer` (only when present) and `also` (only when not empty).
        if let also = issue.also, !also.isEmpty {
            member("also")
            raw("[")
            for (index, code) in also.enumerated() {
                raw(index == 0 ? "\n" : ",\n")
                pad(indent + 4)
                string(code.rawValue, into: &out)
            }
            raw("\n")
            pad(indent + 2)
            raw("]")
        }
        member("code"); string(issue.code.rawValue, into: &out)
        member("element"); optional(issue.element)
        member("field"); optional(issue.field)
        member("hint"); optional(issue.hint)
        member("line"); number(issue.line)
        member("message"); string(issue.message, into: &out)
        if let pointer = issue.pointer { member("pointer"); string(pointer, into: &out) }
        member("record"); number(issue.record)
        member("severity"); string(issue.severity.rawValue, into: &out)
        member("value"); optional(issue.value)
        raw("\n")
        pad(indent)
        raw("}")
    }

    /// ``string(_:)``, appended to `out` as UTF-8.
    static func string(_ text: String, into out: inout [UInt8]) {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: string(text).utf8)
        }
    }

    /// A JSON string as `JSONEncoder` writes it (slashes not escaped).
    static func string(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case ..<0x20: bytes += Array("\\u00".utf8) + [Hex.digit(byte >> 4), Hex.digit(byte & 0x0F)]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }
}
