#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds an ``XMLSubtree`` from parser events: start tags, character data, end tags.
///
/// White space between elements is dropped the way libxml2 drops it with `XML_PARSE_NOBLANKS`
/// when it builds a tree: a run of white space only is kept when it is all an element holds, or
/// when the element's first or last child so far is text; otherwise it is ignorable.
struct XMLSubtreeRecorder {
    /// An element whose end tag has not been met yet.
    private struct OpenElement {
        var index: Int32
        var lastChildElement: Int32 = -1
        /// Whether the element has a child (element or kept text), and whether its first and
        /// last are text.
        var hasChild = false
        var firstChildIsText = false
        var lastChildIsText = false
        /// Text pieces after the first, when child elements split the text.
        var morePieces: [XMLSubtree.Span] = []
    }

    private var bytes: [UInt8] = []
    private var elements: [XMLSubtree.Element] = []
    private var attributes: [XMLSubtree.Attribute] = []
    private var open: [OpenElement] = []
    /// White space read but not yet known to be kept or ignorable.
    private var pendingBlank: [UInt8] = []
    /// The last namespace seen, by the address of the parser's copy (its dictionary keeps one
    /// address per distinct string), so that the usual single namespace is stored once.
    private var lastNamespace: (pointer: UnsafePointer<UInt8>?, span: XMLSubtree.Span) = (nil, .empty)
    /// Sizes of the last subtree, to reserve as much for the next.
    private var sizes = (bytes: 0, elements: 0, attributes: 0)

    /// Bytes recorded for the subtree so far.
    var recordedBytes: Int { bytes.count + pendingBlank.count }

    /// Whether a subtree is being recorded.
    var isRecording: Bool { !open.isEmpty }

    /// A start tag: `name` and `namespace` NUL-terminated, the attributes as libxml2's SAX2
    /// quintuples (local name, prefix, URI, value start, value end).
    mutating func start(name: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?, line: Int32,
                        attributeCount: Int, attributes quintuples: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        if open.isEmpty {
            bytes.reserveCapacity(sizes.bytes)
            elements.reserveCapacity(sizes.elements)
            attributes.reserveCapacity(sizes.attributes)
            lastNamespace = (nil, .empty)
        } else {
            // libxml2 decides on white space before a start tag: not `</`, so it is kept only
            // beside text.
            settleBlank(kept: open[open.count - 1].firstChildIsText || open[open.count - 1].lastChildIsText)
        }
        let index = Int32(elements.count)
        let nameSpan = append(name)
        let namespaceSpan: XMLSubtree.Span
        if let namespace, namespace == lastNamespace.pointer {
            namespaceSpan = lastNamespace.span
        } else {
            namespaceSpan = append(namespace)
            lastNamespace = (namespace, namespaceSpan)
        }
        let firstAttribute = Int32(attributes.count)
        if let quintuples {
            for number in 0..<attributeCount {
                let base = number * 5
                let attributeName = append(quintuples[base])
                guard let start = quintuples[base + 3], let end = quintuples[base + 4] else { continue }
                let valueStart = Int32(bytes.count)
                appendValue(UnsafeBufferPointer(start: start, count: end - start))
                attributes.append(XMLSubtree.Attribute(name: attributeName, value: XMLSubtree.Span(start: valueStart, count: Int32(bytes.count) - valueStart)))
            }
        }
        elements.append(XMLSubtree.Element(name: nameSpan, namespace: namespaceSpan, line: line, firstAttribute: firstAttribute,
                                           attributeCount: Int32(attributes.count) - firstAttribute))
        if !open.isEmpty {
            let parent = open.count - 1
            if open[parent].lastChildElement >= 0 {
                elements[Int(open[parent].lastChildElement)].nextSibling = index
            } else {
                elements[Int(open[parent].index)].firstChild = index
            }
            open[parent].lastChildElement = index
            open[parent].hasChild = true
            open[parent].lastChildIsText = false
        }
        open.append(OpenElement(index: index))
    }

    /// Character data inside the open element.
    mutating func characters(_ pointer: UnsafePointer<UInt8>, count: Int) {
        guard !open.isEmpty, count > 0 else { return }
        let buffer = UnsafeBufferPointer(start: pointer, count: count)
        if buffer.allSatisfy(\.isASCIIWhitespace) {
            pendingBlank.append(contentsOf: buffer)
            return
        }
        // Text follows: white space before it is kept (the next character was not `<`).
        settleBlank(kept: true)
        appendText(buffer)
    }

    /// An end tag; the finished subtree when it closes the subtree's root.
    mutating func end() -> XMLSubtree? {
        guard !open.isEmpty else { return nil }
        let top = open[open.count - 1]
        settleBlank(kept: !top.hasChild || top.firstChildIsText || top.lastChildIsText)
        let element = open.removeLast()
        if !element.morePieces.isEmpty {
            // Text split by child elements: joined at the end of the buffer.
            var joined: [UInt8] = []
            for piece in [elements[Int(element.index)].text] + element.morePieces {
                joined.append(contentsOf: bytes[Int(piece.start)..<Int(piece.end)])
            }
            elements[Int(element.index)].text = XMLSubtree.Span(start: Int32(bytes.count), count: Int32(joined.count))
            bytes.append(contentsOf: joined)
        }
        guard open.isEmpty else { return nil }
        sizes = (bytes.count, elements.count, attributes.count)
        let subtree = XMLSubtree(bytes: bytes, elements: elements, attributes: attributes)
        bytes = []
        elements = []
        attributes = []
        return subtree
    }

    /// Keeps or drops the white space waiting to be settled.
    private mutating func settleBlank(kept: Bool) {
        guard !pendingBlank.isEmpty else { return }
        if kept {
            let blank = pendingBlank
            pendingBlank.removeAll(keepingCapacity: true)
            blank.withUnsafeBufferPointer { appendText($0) }
        } else {
            pendingBlank.removeAll(keepingCapacity: true)
        }
    }

    private mutating func appendText(_ buffer: UnsafeBufferPointer<UInt8>) {
        let top = open.count - 1
        let index = Int(open[top].index)
        if open[top].lastChildIsText {
            // Continues the last piece, which ends the buffer (nothing was recorded since).
            if open[top].morePieces.isEmpty {
                elements[index].text.count += Int32(buffer.count)
            } else {
                open[top].morePieces[open[top].morePieces.count - 1].count += Int32(buffer.count)
            }
        } else {
            let piece = XMLSubtree.Span(start: Int32(bytes.count), count: Int32(buffer.count))
            if elements[index].text.count == 0 && open[top].morePieces.isEmpty {
                elements[index].text = piece
            } else {
                open[top].morePieces.append(piece)
            }
            if !open[top].hasChild { open[top].firstChildIsText = true }
            open[top].hasChild = true
            open[top].lastChildIsText = true
        }
        bytes.append(contentsOf: buffer)
    }

    /// Appends an attribute value as the SAX2 callback gives it. Without entity substitution
    /// libxml2 writes an `&` of the value (from `&amp;` or `&#38;`) as `&#38;`, for the callback
    /// to decode; every other reference is already decoded, and a bare `&` cannot occur.
    private mutating func appendValue(_ value: UnsafeBufferPointer<UInt8>) {
        guard let base = value.baseAddress, memchr(base, 0x26, value.count) != nil else {
            bytes.append(contentsOf: value)
            return
        }
        var index = 0
        while index < value.count {
            if value[index] == 0x26, index + 5 <= value.count, value[index + 1] == 0x23, value[index + 2] == 0x33,
               value[index + 3] == 0x38, value[index + 4] == 0x3B {
                bytes.append(0x26)
                index += 5
            } else {
                bytes.append(value[index])
                index += 1
            }
        }
    }

    /// Appends a NUL-terminated string's bytes.
    private mutating func append(_ pointer: UnsafePointer<UInt8>?) -> XMLSubtree.Span {
        let start = Int32(bytes.count)
        guard let pointer else { return XMLSubtree.Span(start: start, count: 0) }
        let count = strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
        return XMLSubtree.Span(start: start, count: Int32(count))
    }

    /// Forgets a subtree begun but not finished (the document failed inside it).
    mutating func reset() {
        bytes = []
        elements = []
        attributes = []
        open = []
        pendingBlank = []
    }
}
