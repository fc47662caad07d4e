#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import MCModel

/// One element's subtree as the streaming reader met it, kept flat: its names, attribute values
/// and text as bytes in one buffer, and its elements and attributes as small fixed-size entries
/// that point into it. Recording it costs the reading thread little (no Strings, no tree of
/// objects); ``root`` reads it as elements on whichever thread maps the record, and Strings are
/// made only for the values a mapper takes.
package final class XMLSubtree: Sendable {
    /// A piece of the buffer.
    struct Span: Sendable {
        var start: Int32
        var count: Int32
        static let empty = Span(start: 0, count: 0)
        var end: Int32 { start + count }
    }

    /// One element: where its names, attributes and text are, and its first child and next
    /// sibling (-1 for none), so that children are walked without arrays.
    struct Element: Sendable {
        var name: Span
        var namespace: Span
        var line: Int32
        var firstAttribute: Int32
        var attributeCount: Int32
        /// The character data directly inside the element, joined.
        var text = Span.empty
        var firstChild: Int32 = -1
        var nextSibling: Int32 = -1
        /// The index of the local name in the stream's name table (``XMLNameSymbols``), -1 when
        /// it is not there or the stream has none.
        var symbol: Int32 = -1
    }

    struct Attribute: Sendable {
        var name: Span
        var value: Span
    }

    let bytes: [UInt8]
    let elements: [Element]
    let attributes: [Attribute]

    init(bytes: [UInt8], elements: [Element], attributes: [Attribute]) {
        self.bytes = bytes
        self.elements = elements
        self.attributes = attributes
    }

    /// The subtree's own element.
    package var root: XMLElement { XMLElement(tree: self, index: 0) }

    /// The line of the subtree's root element.
    package var line: Int { elements.isEmpty ? 0 : Int(elements[0].line) }

    /// Bytes recorded (names, values, text).
    package var byteCount: Int { bytes.count }

    func string(_ span: Span) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(span.start)..<Int(span.end)]), as: UTF8.self)
        }
    }

    /// `span` without the ASCII white space around it.
    func trimmed(_ span: Span) -> Span {
        var start = span.start, end = span.end
        while start < end, bytes[Int(start)].isASCIIWhitespace { start += 1 }
        while end > start, bytes[Int(end - 1)].isASCIIWhitespace { end -= 1 }
        return Span(start: start, count: end - start)
    }

    /// Whether the bytes of `span` are those of `text`.
    func span(_ span: Span, equals text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            guard utf8.count == Int(span.count) else { return false }
            guard let base = utf8.baseAddress else { return true }
            return bytes.withUnsafeBufferPointer { XMLNameTable.equal($0.baseAddress! + Int(span.start), base, utf8.count) }
        }
    }

}

extension UInt8 {
    /// Space, tab, line feed, carriage return (XML white space), or vertical tab and form feed.
    var isASCIIWhitespace: Bool { self == 0x20 || (self >= 0x09 && self <= 0x0D) }
}

/// One element of an ``XMLSubtree``: its names, attributes, text and children, read from the
/// subtree's buffer when asked for.
package struct XMLElement: Sendable {
    let tree: XMLSubtree
    let index: Int32

    private var entry: XMLSubtree.Element { tree.elements[Int(index)] }

    /// Local name (no prefix).
    package var name: String { tree.string(entry.name) }
    /// Line of the start tag.
    package var line: Int { Int(entry.line) }
    /// Namespace URI.
    package var namespace: String { tree.string(entry.namespace) }

    /// The elements below this one (document order) named `name` in one of `namespaces`, not
    /// looking inside those found.
    package func descendants(named name: String, in namespaces: [String]) -> [XMLElement] {
        var found: [XMLElement] = []
        forEachChild { child in
            if child.isNamed(name) && namespaces.contains(child.namespace) { found.append(child) }
            else { found += child.descendants(named: name, in: namespaces) }
        }
        return found
    }
    /// Whether the local name is `name`.
    package func isNamed(_ name: String) -> Bool { tree.span(entry.name, equals: name) }
    /// Whether the namespace URI is `namespace` (compared in place: no String made).
    package func isInNamespace(_ namespace: String) -> Bool { tree.span(entry.namespace, equals: namespace) }

    /// The character data directly inside the element, joined.
    package var text: String { tree.string(entry.text) }
    /// ``text`` without the ASCII white space around it.
    package var trimmedText: String { tree.string(tree.trimmed(entry.text)) }
    /// Whether ``text`` holds anything but white space.
    package var hasText: Bool { tree.trimmed(entry.text).count > 0 }
    /// ``trimmedText``, nil when it is empty.
    package var nonBlankText: String? {
        let trimmed = tree.trimmed(entry.text)
        return trimmed.count > 0 ? tree.string(trimmed) : nil
    }

    /// The attribute `name` (local name), trimmed of the stray spaces real files carry.
    package func attribute(_ name: String) -> String? {
        attributeSpan(name).map { tree.string(tree.trimmed($0)) }
    }

    /// Where the attribute `name`'s value is.
    func attributeSpan(_ name: String) -> XMLSubtree.Span? {
        let element = entry
        guard element.attributeCount > 0 else { return nil }
        var name = name
        return name.withUTF8 { name in
            tree.attributes.withUnsafeBufferPointer { attributes in
                tree.bytes.withUnsafeBufferPointer { bytes in
                    for position in Int(element.firstAttribute)..<Int(element.firstAttribute + element.attributeCount)
                    where XMLSubtree.span(attributes[position].name, in: bytes, equals: name) {
                        return attributes[position].value
                    }
                    return nil
                }
            }
        }
    }

    /// Direct children, in document order.
    package var children: [XMLElement] {
        var result: [XMLElement] = []
        forEachChild { result.append($0) }
        return result
    }

    /// Direct children named `name`.
    package func children(_ name: String) -> [XMLElement] {
        var result: [XMLElement] = []
        forEachChild(named: name) { result.append(XMLElement(tree: tree, index: $0)); return true }
        return result
    }

    /// The first direct child named `name`.
    package func child(_ name: String) -> XMLElement? {
        var found: Int32?
        forEachChild(named: name) { found = $0; return false }
        return found.map { XMLElement(tree: tree, index: $0) }
    }

    /// Visits the places of the direct children named `name` in document order, while `visit`
    /// says to go on; names are compared as bytes, the buffers read in place.
    private func forEachChild(named name: String, _ visit: (Int32) -> Bool) {
        var name = name
        name.withUTF8 { name in
            tree.elements.withUnsafeBufferPointer { elements in
                tree.bytes.withUnsafeBufferPointer { bytes in
                    var position = elements[Int(index)].firstChild
                    while position >= 0 {
                        if XMLSubtree.span(elements[Int(position)].name, in: bytes, equals: name), !visit(position) { return }
                        position = elements[Int(position)].nextSibling
                    }
                }
            }
        }
    }

    /// Follows a path of child names, returning the first match.
    package func path(_ names: String...) -> XMLElement? {
        var element: XMLElement? = self
        for name in names { element = element?.child(name) }
        return element
    }

    /// Visits the direct children in document order.
    package func forEachChild(_ visit: (XMLElement) -> Void) {
        var position = entry.firstChild
        while position >= 0 {
            visit(XMLElement(tree: tree, index: position))
            position = tree.elements[Int(position)].nextSibling
        }
    }

    /// The text of a multilingual value: `<x><text lang="en">…</text></x>` prefers English, else
    /// the first language; plain text content otherwise.
    package var localizedText: String? {
        var first: XMLElement?
        var english: XMLElement?
        forEachChild { child in
            guard english == nil, child.isNamed("text") else { return }
            if first == nil { first = child }
            if let lang = child.attributeSpan("lang"), tree.hasEnglishPrefix(tree.trimmed(lang)) { english = child }
        }
        return (english ?? first ?? self).nonBlankText
    }
}

extension XMLSubtree {
    /// Whether a language tag starts with `en`, in any case.
    func hasEnglishPrefix(_ span: Span) -> Bool {
        guard span.count >= 2 else { return false }
        return bytes[Int(span.start)] | 0x20 == 0x65 && bytes[Int(span.start) + 1] | 0x20 == 0x6E
    }

    /// Whether `span` is the name `id`.
    private func isID(_ span: Span) -> Bool {
        span.count == 2 && bytes[Int(span.start)] == UInt8(ascii: "i") && bytes[Int(span.start) + 1] == UInt8(ascii: "d")
    }

    /// The elements below `element` (the root by default) that have an `id` attribute, to look
    /// up by it: a credential's ids resolve inside the credential only.
    func idTable(under element: XMLElement? = nil) -> XMLIDTable {
        var entries: [XMLIDTable.Entry] = []
        let top = Int(element?.index ?? 0)
        // Room for an id on every element of a credential-sized subtree: one allocation, not one
        // per doubling.
        entries.reserveCapacity(min(elements.count - top, 64))
        // Elements are stored in document order: a subtree is its root and the run after it
        // up to its last descendant (the last element for the root's: no walk from sibling to
        // sibling, each a load that waits on the one before).
        var last = top == 0 ? elements.count - 1 : top
        while top != 0, let child = lastChild(of: last) { last = child }
        guard last > top else { return XMLIDTable(tree: self, entries: entries) }
        elements.withUnsafeBufferPointer { elements in
            attributes.withUnsafeBufferPointer { attributes in
                bytes.withUnsafeBufferPointer { bytes in
                    for position in (top + 1)...last {
                        let element = elements[position]
                        for attribute in Int(element.firstAttribute)..<Int(element.firstAttribute + element.attributeCount) {
                            let name = attributes[attribute].name
                            guard name.count == 2, bytes[Int(name.start)] == UInt8(ascii: "i"), bytes[Int(name.start) + 1] == UInt8(ascii: "d") else { continue }
                            entries.append(XMLIDTable.Entry(value: XMLSubtree.trimmed(attributes[attribute].value, in: bytes), index: Int32(position)))
                            break
                        }
                    }
                }
            }
        }
        return XMLIDTable(tree: self, entries: entries)
    }

    /// Whether the bytes of `span` in `bytes` are `text`'s.
    @inline(__always)
    static func span(_ span: Span, in bytes: UnsafeBufferPointer<UInt8>, equals text: UnsafeBufferPointer<UInt8>) -> Bool {
        Int(span.count) == text.count && (text.isEmpty || XMLNameTable.equal(bytes.baseAddress! + Int(span.start), text.baseAddress!, text.count))
    }

    /// `span` without the ASCII white space around it, read in `bytes`.
    static func trimmed(_ span: Span, in bytes: UnsafeBufferPointer<UInt8>) -> Span {
        var start = span.start, end = span.end
        while start < end, bytes[Int(start)].isASCIIWhitespace { start += 1 }
        while end > start, bytes[Int(end - 1)].isASCIIWhitespace { end -= 1 }
        return Span(start: start, count: end - start)
    }
}

extension XMLSubtree {
    /// The last child of the element at `index`, if any.
    fileprivate func lastChild(of index: Int) -> Int? {
        var position = elements[index].firstChild
        guard position >= 0 else { return nil }
        while elements[Int(position)].nextSibling >= 0 { position = elements[Int(position)].nextSibling }
        return Int(position)
    }
}

/// The elements of an ``XMLSubtree`` below its root that have an `id` attribute.
struct XMLIDTable {
    /// An element's place and its `id`, trimmed.
    struct Entry {
        var value: XMLSubtree.Span
        var index: Int32
    }

    let tree: XMLSubtree
    let entries: [Entry]

    /// The first element (document order) whose `id`, trimmed, is `id`; nil when none is.
    func element(withID id: String) -> XMLElement? {
        var id = id
        return id.withUTF8 { utf8 in
            tree.bytes.withUnsafeBufferPointer { bytes in
                for entry in entries where XMLSubtree.span(entry.value, in: bytes, equals: utf8) {
                    return XMLElement(tree: tree, index: entry.index)
                }
                return nil
            }
        }
    }
}
