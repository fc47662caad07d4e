import MCModel

/// Renders a ``ValidationIssue`` as `JSONEncoder` does with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes` through `ValidationIssue.encode(to:)` — byte for byte, at any
/// indentation — without the encoder's reflection: the
/// issues of a large file are rendered on the hot path of `validate --format json`.
enum IssueJSON {
    /// The issue as a pretty, key-sorted JSON object whose lines are indented by `indent` spaces.
    static func render(_ issue: ValidationIssue, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var out = pad + "{\n"
        var members: [String] = []
        let inner = pad + "  "
        // Keys in sorted order, as `ValidationIssue.encode(to:)` writes them: every key (null when
        // absent) but `pointer` (only when present) and `also` (only when not empty).
        func optional(_ text: String?) -> String { text.map(string) ?? "null" }
        if let also = issue.also, !also.isEmpty {
            members.append(inner + "\"also\" : [\n" + also.map { inner + "  " + string($0.rawValue) }.joined(separator: ",\n")
                           + "\n" + inner + "]")
        }
        members.append(inner + "\"code\" : " + string(issue.code.rawValue))
        members.append(inner + "\"element\" : " + optional(issue.element))
        members.append(inner + "\"field\" : " + optional(issue.field))
        members.append(inner + "\"hint\" : " + optional(issue.hint))
        members.append(inner + "\"line\" : " + (issue.line.map { String($0) } ?? "null"))
        members.append(inner + "\"message\" : " + string(issue.message))
        if let pointer = issue.pointer { members.append(inner + "\"pointer\" : " + string(pointer)) }
        members.append(inner + "\"record\" : " + (issue.record.map { String($0) } ?? "null"))
        members.append(inner + "\"severity\" : " + string(issue.severity.rawValue))
        members.append(inner + "\"value\" : " + optional(issue.value))
        out += members.joined(separator: ",\n")
        out += "\n" + pad + "}"
        return out
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
