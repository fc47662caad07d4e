package import MCModel

/// A JSON value with the JSON pointer that reaches it, so that mapped fields can say where they
/// came from.
///
/// In a flattened JSON-LD document (`@graph`), a bare reference (`{"id": …}`) is followed to the
/// node it names, whose pointer is then `/@graph/N/…`.
package struct JSONCursor: Sendable {
    package let value: JSONValue
    package let pointer: String
    /// The nodes of the `@graph` this value belongs to, when it belongs to one.
    let graph: JSONGraph?

    package init(_ value: JSONValue, pointer: String = "") {
        self.init(value, pointer: pointer, graph: nil)
    }

    init(_ value: JSONValue, pointer: String, graph: JSONGraph?) {
        self.value = value
        self.pointer = pointer
        self.graph = graph
    }

    /// The member `key` of an object, JSON-LD as written (annex-i.md rule 22): `id` and `type`
    /// are also read from `@id` and `@type`; a value object (`{"@value": v}`) is its value, with
    /// `@language` one entry of a language map; in a graph, a string naming another node is that
    /// node (the keywords `id`, `type` and `@context` excepted).
    package subscript(key: String) -> JSONCursor? {
        var name = key
        var child = value[key]
        if child == nil, key == "id" || key == "type" {
            name = "@" + key
            child = value[name]
        }
        guard let child else { return nil }
        let keyword = JSONCursor.keywords.contains(name)
        let (plain, suffix) = JSONCursor.plain(child)
        let cursor = JSONCursor(plain, pointer: pointer + "/" + JSONCursor.escaped(name) + suffix, graph: keyword ? nil : graph)
        return keyword ? cursor : cursor.followed
    }

    /// Members whose strings are never references to other nodes.
    static let keywords: Set<String> = ["id", "@id", "type", "@type", "@context", "@language", "@value"]

    /// A JSON-LD value object as its value (and the pointer's tail to it): `{"@value": v}` is
    /// `v`, `{"@value": v, "@language": l}` is the language map `{l: v}`; an array of
    /// language-tagged values is one language map. Any other value is itself.
    static func plain(_ value: JSONValue) -> (JSONValue, String) {
        switch value {
        case .object(let members):
            guard let literal = members.first(where: { $0.key == "@value" })?.value else { return (value, "") }
            if let language = value["@language"]?.text { return (.object([JSONMember(key: language, value: literal)]), "") }
            return (literal, "/@value")
        case .array(let items):
            guard items.contains(where: { $0["@value"] != nil }) else { return (value, "") }
            if items.allSatisfy({ $0["@value"] != nil && $0["@language"]?.text != nil }) {
                var map: [JSONMember] = []
                for item in items {
                    let language = item["@language"]!.text!
                    if !map.contains(where: { $0.key == language }) { map.append(JSONMember(key: language, value: item["@value"]!)) }
                }
                return (.object(map), "")
            }
            return (.array(items.map { plain($0).0 }), "")
        default:
            return (value, "")
        }
    }

    /// `key` as a JSON pointer token (RFC 6901): `~` as `~0`, `/` as `~1`. Most keys hold
    /// neither and are returned as they are.
    static func escaped(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        var out = ""
        for character in key.unicodeScalars {
            switch character {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// "1..n": an array's items (with their indices), or the value itself.
    package var many: [JSONCursor] {
        switch value {
        case .array(let items): items.enumerated().map { JSONCursor(JSONCursor.plain($1).0, pointer: pointer + "/\($0)", graph: graph).followed }
        case .null: []
        default: [self]
        }
    }

    /// In a graph, the node a bare reference names (`{"id": …}`, or a string equal to a node's
    /// id); otherwise the value itself.
    var followed: JSONCursor {
        guard let graph else { return self }
        switch value {
        case .string(let text):
            return graph.node(text.trimmingASCIIWhitespace()) ?? self
        case .object(let members):
            guard members.allSatisfy({ JSONCursor.referenceKeys.contains($0.key) }),
                  let id = (value["id"] ?? value["@id"])?.text?.trimmingASCIIWhitespace(), let node = graph.node(id) else { return self }
            return node
        default:
            return self
        }
    }

    /// The members of a bare reference.
    private static let referenceKeys: Set<String> = ["id", "@id", "type", "@type"]

    /// The first of `many`.
    package var one: JSONCursor? { many.first }

    /// A member followed through "1..n" values: `path("hasClaim", "title")` takes the first item at
    /// each step.
    package func path(_ keys: String...) -> JSONCursor? {
        var cursor: JSONCursor? = self
        for key in keys { cursor = cursor?.one?[key] }
        return cursor
    }

    /// Plain text: a string or number, or from a language map the `en` value, else the first
    /// language in document order; an array gives its first text. Blank text is nil.
    package var text: String? {
        let result: String?
        switch value {
        case .string, .number, .bool: result = value.text
        case .array(let items): result = items.lazy.compactMap { JSONCursor($0).text }.first
        case .object(let members):
            if let english = members.first(where: { $0.key.lowercased() == "en" }) ?? members.first(where: { $0.key.lowercased().hasPrefix("en-") }) {
                result = JSONCursor(english.value).text
            } else if let noteLiteral = members.first(where: { $0.key == "noteLiteral" }) {
                result = JSONCursor(noteLiteral.value).text
            } else {
                result = members.lazy.filter { !$0.key.hasPrefix("@") && $0.key != "id" && $0.key != "type" }
                    .compactMap { JSONCursor($0.value).text }.first
            }
        case .null: result = nil
        }
        guard let trimmed = result?.trimmingASCIIWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// The `id` (or `@id`) of an object (a concept's URI, an organisation's id), trimmed.
    package var id: String? { (self["id"] ?? self["@id"])?.text }

    /// A concept as written: its `id` (or `@id`, `uri`), else its `notation` (rule 16: `{"notation":
    /// "ECTS"}` counts like the URI it names), else a bare string.
    package var concept: String? {
        if value.isObject {
            return self["id"]?.text ?? value["uri"].flatMap { JSONCursor($0).text } ?? self["notation"]?.text
        }
        return text
    }

    /// Whether the value says something: null, blank text and empty arrays or objects are absent,
    /// for every element (the next source of a reading rule applies).
    package var isPresent: Bool {
        switch value {
        case .null: false
        case .string(let text): !text.trimmingASCIIWhitespace().isEmpty
        case .number, .bool: true
        case .array: many.contains { $0.isPresent }
        case .object(let members): !members.isEmpty
        }
    }

    /// The first candidate that is present (see ``isPresent``): `first(a, b)` is "a, else b".
    package static func first(_ candidates: JSONCursor?...) -> JSONCursor? {
        candidates.lazy.compactMap { $0 }.first { $0.isPresent }
    }

    /// Whether the `type` (or `@type`) member, a string or an array, contains `name`, also as a
    /// prefixed name or an IRI (`cred:VerifiableCredential`, `…/elm/LearningAchievement`).
    package func hasType(_ name: String) -> Bool {
        (value["type"] ?? value["@type"])?.many.contains { JSONCursor.typeName($0.text, is: name) } ?? false
    }

    /// Whether a type as written names `name`: itself, or its last segment after `:`, `/` or `#`.
    static func typeName(_ written: String?, is name: String) -> Bool {
        guard let written else { return false }
        if written == name { return true }
        guard written.hasSuffix(name), let before = written.dropLast(name.count).last else { return false }
        return before == ":" || before == "/" || before == "#"
    }

    /// The location of this value.
    package var location: SourceLocation { SourceLocation(pointer: pointer.isEmpty ? "/" : pointer) }
}

/// The nodes of a flattened JSON-LD document by their `id`/`@id`.
final class JSONGraph: Sendable {
    let nodes: [String: JSONCursor]

    /// The graph of `@graph` (an array of nodes) at `cursor`.
    init(_ cursor: JSONCursor) {
        var nodes: [String: JSONCursor] = [:]
        let items: [JSONValue] = if case .array(let list) = cursor.value { list } else { [] }
        for (index, item) in items.enumerated() {
            if let id = (item["id"] ?? item["@id"])?.text?.trimmingASCIIWhitespace(), nodes[id] == nil {
                nodes[id] = JSONCursor(item, pointer: cursor.pointer + "/\(index)")
            }
        }
        self.nodes = nodes
    }

    /// The node `id`, its cursor carrying the graph (so that its references are followed too).
    func node(_ id: String) -> JSONCursor? {
        nodes[id].map { JSONCursor($0.value, pointer: $0.pointer, graph: self) }
    }
}
