import MCModel

/// A small element tree for one record's worth of XML (one credential), built from the
/// streaming reader: never the whole document.
public struct XMLNode: Sendable, Equatable {
    /// Local name (no prefix).
    public var name: String
    public var namespace: String
    /// Attributes by local name, in document order.
    public var attributes: [(name: String, value: String)]
    public var children: [XMLNode]
    /// Concatenated character data directly inside this element.
    public var text: String
    /// Line of the start tag.
    public var line: Int

    public init(name: String, namespace: String = "", attributes: [(name: String, value: String)] = [],
                children: [XMLNode] = [], text: String = "", line: Int = 0) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    public static func == (a: XMLNode, b: XMLNode) -> Bool {
        a.name == b.name && a.namespace == b.namespace && a.children == b.children && a.text == b.text
            && a.line == b.line && a.attributes.map(\.name) == b.attributes.map(\.name)
            && a.attributes.map(\.value) == b.attributes.map(\.value)
    }

    /// The attribute `name` (local name), trimmed of the stray spaces real files carry.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value.trimmingASCIIWhitespace()
    }

    /// Direct children named `name`.
    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The first direct child named `name`.
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// Follows a path of child names, returning the first match.
    public func path(_ names: String...) -> XMLNode? {
        var node: XMLNode? = self
        for name in names { node = node?.child(name) }
        return node
    }

    /// Visits every descendant (depth first, document order), self excluded.
    public func forEachDescendant(_ visit: (XMLNode) -> Void) {
        for child in children {
            visit(child)
            child.forEachDescendant(visit)
        }
    }

    /// The text of a multilingual value: `<x><text lang="en">…</text></x>` prefers English, else
    /// the first language; plain text content otherwise.
    public var localizedText: String? {
        let texts = children("text")
        if texts.isEmpty {
            let own = text.trimmingASCIIWhitespace()
            return own.isEmpty ? nil : own
        }
        let chosen = texts.first { $0.attribute("lang")?.lowercased().hasPrefix("en") == true } ?? texts[0]
        let value = chosen.text.trimmingASCIIWhitespace()
        return value.isEmpty ? nil : value
    }
}

