internal import MCModel

/// A parsed JSON value that keeps object members in document order (language maps are read
/// "`en` when present, else the first language in document order").
package indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as written (`2.50` stays `2.50`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The member `key` of an object (the first one when repeated), nil otherwise.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The value as a list: an array's items, nothing for null, else the value itself
    /// ("1..n properties may be an object or an array").
    package var many: [JSONValue] {
        switch self {
        case .array(let items): items
        case .null: []
        default: [self]
        }
    }

    /// A string, or a number's text; the first string of an array.
    package var text: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .array(let items): items.lazy.compactMap(\.text).first
        default: nil
        }
    }

    /// The object's members, empty otherwise.
    package var members: [JSONMember] {
        if case .object(let members) = self { return members }
        return []
    }

    /// The value as compact JSON text, cut to about `limit` bytes with `…`: how a value that
    /// cannot be read is named in a message (annex-i.md rule 26).
    package func written(limit: Int) -> String {
        var out = ""
        func write(_ value: JSONValue) {
            guard out.utf8.count <= limit else { return }
            switch value {
            case .null: out += "null"
            case .bool(let b): out += b ? "true" : "false"
            case .number(let n): out += n
            case .string(let s): out += JSONText.string(s)
            case .array(let items):
                out += "["
                for (index, item) in items.enumerated() {
                    if index > 0 { out += "," }
                    write(item)
                    if out.utf8.count > limit { break }
                }
                out += "]"
            case .object(let members):
                out += "{"
                for (index, member) in members.enumerated() {
                    if index > 0 { out += "," }
                    out += JSONText.string(member.key) + ":"
                    write(member.value)
                    if out.utf8.count > limit { break }
                }
                out += "}"
            }
        }
        write(self)
        guard out.utf8.count > limit else { return out }
        return String(out.prefix(limit)) + "…"
    }

    package var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}

/// One member of a JSON object.
package struct JSONMember: Sendable, Equatable {
    package var key: String
    package var value: JSONValue
}
