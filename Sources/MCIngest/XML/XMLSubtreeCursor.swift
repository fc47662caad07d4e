#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an ``XMLSubtree`` recorded with ``ELMName/table`` in place, through its buffers: elements
/// by their place (-1 for none), children found by their name's index, attributes and text as
/// spans of the buffer. No String, no reference count per step; the same answers as
/// ``XMLElement``'s `child`, `attribute`, `trimmedText`, `localizedText` and an id table's look-up.
struct XMLSubtreeCursor {
    typealias Span = XMLSubtree.Span
    let elements: UnsafeBufferPointer<XMLSubtree.Element>
    let attributes: UnsafeBufferPointer<XMLSubtree.Attribute>
    let bytes: UnsafeBufferPointer<UInt8>
    /// The elements below the credential that have an `id`.
    let ids: [XMLIDTable.Entry]

    /// Calls `body` with a cursor over `tree`, ids looked up below `top`.
    static func with<Result>(_ tree: XMLSubtree, top: Int32, _ body: (XMLSubtreeCursor) -> Result) -> Result {
        let ids = tree.idTable(under: XMLElement(tree: tree, index: top)).entries
        return tree.elements.withUnsafeBufferPointer { elements in
            tree.attributes.withUnsafeBufferPointer { attributes in
                tree.bytes.withUnsafeBufferPointer { bytes in
                    body(XMLSubtreeCursor(elements: elements, attributes: attributes, bytes: bytes, ids: ids))
                }
            }
        }
    }

    /// The bytes of `span`.
    func buffer(_ span: Span) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.end)])
    }

    /// The first child of `node` named `name`; -1 for none (or when `node` is -1).
    func child(_ node: Int32, _ name: ELMName) -> Int32 {
        guard node >= 0 else { return -1 }
        var position = elements[Int(node)].firstChild
        while position >= 0 {
            if elements[Int(position)].symbol == name.rawValue { return position }
            position = elements[Int(position)].nextSibling
        }
        return -1
    }

    /// Visits the children of `node` named `name`, in document order, while `visit` says to go on.
    func forEachChild(_ node: Int32, _ name: ELMName, _ visit: (Int32) -> Bool) {
        guard node >= 0 else { return }
        var position = elements[Int(node)].firstChild
        while position >= 0 {
            if elements[Int(position)].symbol == name.rawValue, !visit(position) { return }
            position = elements[Int(position)].nextSibling
        }
    }

    /// The children of `node` named `name`.
    func children(_ node: Int32, _ name: ELMName) -> [Int32] {
        var found: [Int32] = []
        forEachChild(node, name) { found.append($0); return true }
        return found
    }

    /// The value of `node`'s first attribute named `name`, trimmed (``XMLElement/attribute(_:)``).
    func attribute(_ node: Int32, _ name: StaticString) -> Span? {
        guard node >= 0 else { return nil }
        let element = elements[Int(node)]
        let count = name.utf8CodeUnitCount
        for position in Int(element.firstAttribute)..<Int(element.firstAttribute + element.attributeCount) {
            let attribute = attributes[position]
            if Int(attribute.name.count) == count && XMLNameTable.equal(bytes.baseAddress! + Int(attribute.name.start), name.utf8Start, count) {
                return XMLSubtree.trimmed(attribute.value, in: bytes)
            }
        }
        return nil
    }

    /// `node`'s text without the white space around it.
    func trimmedText(_ node: Int32) -> Span { XMLSubtree.trimmed(elements[Int(node)].text, in: bytes) }

    /// ``trimmedText(_:)``, nil when empty (``XMLElement/nonBlankText``).
    func nonBlankText(_ node: Int32) -> Span? {
        let text = trimmedText(node)
        return text.count > 0 ? text : nil
    }

    /// ``XMLElement/localizedText``: the English `text` child's text, else the first's, else the
    /// element's own; nil when blank.
    func localizedText(_ node: Int32) -> Span? {
        guard node >= 0 else { return nil }
        var first: Int32 = -1
        var english: Int32 = -1
        forEachChild(node, .text) { child in
            if first < 0 { first = child }
            if let lang = attribute(child, "lang"), lang.count >= 2,
               bytes[Int(lang.start)] | 0x20 == 0x65 && bytes[Int(lang.start) + 1] | 0x20 == 0x6E {
                english = child
                return false
            }
            return true
        }
        return nonBlankText(english >= 0 ? english : first >= 0 ? first : node)
    }

    /// The element `node` stands for: the one its `idref` names (-1 when none has that id), else
    /// itself.
    func resolve(_ node: Int32) -> Int32 {
        guard node >= 0 else { return -1 }
        guard let reference = attribute(node, "idref") else { return node }
        let wanted = buffer(reference)
        for entry in ids where XMLSubtree.span(entry.value, in: bytes, equals: wanted) { return entry.index }
        return -1
    }

    /// Whether `span`'s bytes are `text`'s.
    func span(_ span: Span, is text: StaticString) -> Bool {
        Int(span.count) == text.utf8CodeUnitCount && XMLNameTable.equal(bytes.baseAddress! + Int(span.start), text.utf8Start, Int(span.count))
    }

    /// Whether `span` holds `part`'s bytes somewhere.
    func span(_ span: Span, holds part: StaticString) -> Bool {
        let count = part.utf8CodeUnitCount
        guard Int(span.count) >= count else { return false }
        let base = bytes.baseAddress! + Int(span.start)
        for start in 0...(Int(span.count) - count) where base[start] == part.utf8Start[0] {
            if memcmp(base + start, part.utf8Start, count) == 0 { return true }
        }
        return false
    }

    /// The part of `span` after its last `/` (all of it without one): ``ConceptMap/lastSegment(_:)``
    /// of a trimmed value.
    func lastSegment(_ span: Span) -> Span {
        var start = span.end
        while start > span.start && bytes[Int(start) - 1] != UInt8(ascii: "/") { start -= 1 }
        return Span(start: start, count: span.end - start)
    }

    /// The concept id of a trimmed URI in `http://data.europa.eu/snb/<scheme>/` (``ConceptMap/id(_:in:)``).
    func conceptID(_ span: Span, in scheme: StaticString) -> Span? {
        let prefix: StaticString = "http://data.europa.eu/snb/"
        let idStart = prefix.utf8CodeUnitCount + scheme.utf8CodeUnitCount + 1
        let base = bytes.baseAddress! + Int(span.start)
        guard Int(span.count) >= idStart, memcmp(base, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0,
              memcmp(base + prefix.utf8CodeUnitCount, scheme.utf8Start, scheme.utf8CodeUnitCount) == 0,
              base[idStart - 1] == UInt8(ascii: "/") else { return nil }
        return Span(start: span.start + Int32(idStart), count: span.count - Int32(idStart))
    }

    /// Whether every byte of `span` is ASCII.
    func isASCII(_ span: Span) -> Bool { !buffer(span).contains { $0 >= 0x80 } }

    /// Whether `span` is a document-local id, `urn:epass:` in any case (``ConceptMap/isLocalId(_:)``).
    func isLocalID(_ span: Span) -> Bool {
        let prefix: StaticString = "urn:epass:"
        guard Int(span.count) >= prefix.utf8CodeUnitCount else { return false }
        for index in 0..<prefix.utf8CodeUnitCount {
            let byte = bytes[Int(span.start) + index]
            if (byte >= 65 && byte <= 90 ? byte | 0x20 : byte) != prefix.utf8Start[index] { return false }
        }
        return true
    }
}
