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
    }

    /// A text piece of an open element after its first, when child elements split the text.
    private struct MorePiece {
        /// The open element's place in `open`.
        var depth: Int
        var span: XMLSubtree.Span
    }

    // Appended to for every element and every run of text: buffers of their own (no
    // uniqueness check per append), kept from one subtree to the next and copied out whole
    // into the subtree's arrays when it ends. Freed by ``free()``.
    private var bytes = GrowingBuffer<UInt8>(capacity: 4096)
    private var elements = GrowingBuffer<XMLSubtree.Element>(capacity: 64)
    private var attributes = GrowingBuffer<XMLSubtree.Attribute>(capacity: 16)
    private var open = GrowingBuffer<OpenElement>(capacity: 16)
    /// White space read but not yet known to be kept or ignorable.
    private var pendingBlank = GrowingBuffer<UInt8>(capacity: 256)
    /// The pieces after the first of the open elements' text, the innermost element's last (an
    /// element's pieces are taken when it ends, before its parent's can follow).
    private var morePieces: [MorePiece] = []
    /// The last namespace seen, by the address of the parser's copy (its dictionary keeps one
    /// address per distinct string), so that the usual single namespace is stored once.
    private var lastNamespace: (pointer: UnsafePointer<UInt8>?, span: XMLSubtree.Span) = (nil, .empty)

    /// Bytes recorded for the subtree so far.
    var recordedBytes: Int { bytes.count + pendingBlank.count }

    /// Whether a subtree is being recorded.
    var isRecording: Bool { open.count > 0 }

    /// A start tag: `name` and `namespace` NUL-terminated, `symbol` the name's index in the
    /// stream's name table (-1 for none), the attributes as libxml2's SAX2 quintuples (local
    /// name, prefix, URI, value start, value end).
    mutating func start(name: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?, symbol: Int32 = -1, line: Int32,
                        attributeCount: Int, attributes quintuples: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        if open.count == 0 {
            lastNamespace = (nil, .empty)
        } else {
            // libxml2 decides on white space before a start tag: not `</`, so it is kept only
            // beside text.
            let parent = open[open.count - 1]
            settleBlank(kept: parent.firstChildIsText || parent.lastChildIsText)
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
                                           attributeCount: Int32(attributes.count) - firstAttribute, symbol: symbol))
        if open.count > 0 {
            let parent = open.base + (open.count - 1)
            if parent.pointee.lastChildElement >= 0 {
                elements.base[Int(parent.pointee.lastChildElement)].nextSibling = index
            } else {
                elements.base[Int(parent.pointee.index)].firstChild = index
            }
            parent.pointee.lastChildElement = index
            parent.pointee.hasChild = true
            parent.pointee.lastChildIsText = false
        }
        open.append(OpenElement(index: index))
    }

    /// Character data inside the open element.
    mutating func characters(_ pointer: UnsafePointer<UInt8>, count: Int) {
        guard open.count > 0, count > 0 else { return }
        let buffer = UnsafeBufferPointer(start: pointer, count: count)
        if buffer.allSatisfy(\.isASCIIWhitespace) {
            pendingBlank.append(pointer, count: count)
            return
        }
        // Text follows: white space before it is kept (the next character was not `<`).
        settleBlank(kept: true)
        appendText(pointer, count: count)
    }

    /// An end tag; the finished subtree when it closes the subtree's root.
    mutating func end() -> XMLSubtree? {
        guard open.count > 0 else { return nil }
        let top = open[open.count - 1]
        settleBlank(kept: !top.hasChild || top.firstChildIsText || top.lastChildIsText)
        open.removeLast()
        let depth = open.count
        if let last = morePieces.last, last.depth == depth {
            // Text split by child elements: joined at the end of the buffer.
            var first = morePieces.count - 1
            while first > 0 && morePieces[first - 1].depth == depth { first -= 1 }
            let index = Int(top.index)
            let pieces = [elements[index].text] + morePieces[first...].map(\.span)
            let joined = pieces.reduce(0) { $0 + Int($1.count) }
            // Room first: the pieces are copied from the buffer into its own end.
            bytes.reserve(bytes.count + joined)
            let start = Int32(bytes.count)
            for piece in pieces { bytes.append(bytes.base + Int(piece.start), count: Int(piece.count)) }
            elements.base[index].text = XMLSubtree.Span(start: start, count: Int32(joined))
            morePieces.removeSubrange(first...)
        }
        guard open.count == 0 else { return nil }
        let subtree = XMLSubtree(bytes: bytes.array(0..<bytes.count), elements: elements.array(0..<elements.count),
                                 attributes: attributes.array(0..<attributes.count))
        // A long subtree's room is given back, not kept for the rest of the file.
        bytes.removeAll(keepingAtMost: 1 << 22)
        elements.removeAll(keepingAtMost: 1 << 16)
        attributes.removeAll(keepingAtMost: 1 << 16)
        return subtree
    }

    /// Keeps or drops the white space waiting to be settled.
    private mutating func settleBlank(kept: Bool) {
        guard pendingBlank.count > 0 else { return }
        if kept { appendText(pendingBlank.base, count: pendingBlank.count) }
        pendingBlank.removeAll()
    }

    private mutating func appendText(_ pointer: UnsafePointer<UInt8>, count: Int) {
        let depth = open.count - 1
        let top = open.base + depth
        let index = Int(top.pointee.index)
        let hasMorePieces = morePieces.last?.depth == depth
        if top.pointee.lastChildIsText {
            // Continues the last piece, which ends the buffer (nothing was recorded since).
            if hasMorePieces {
                morePieces[morePieces.count - 1].span.count += Int32(count)
            } else {
                elements.base[index].text.count += Int32(count)
            }
        } else {
            let piece = XMLSubtree.Span(start: Int32(bytes.count), count: Int32(count))
            if elements[index].text.count == 0 && !hasMorePieces {
                elements.base[index].text = piece
            } else {
                morePieces.append(MorePiece(depth: depth, span: piece))
            }
            if !top.pointee.hasChild { top.pointee.firstChildIsText = true }
            top.pointee.hasChild = true
            top.pointee.lastChildIsText = true
        }
        bytes.append(pointer, count: count)
    }

    /// Appends an attribute value as the SAX2 callback gives it. Without entity substitution
    /// libxml2 writes an `&` of the value (from `&amp;` or `&#38;`) as `&#38;`, for the callback
    /// to decode; every other reference is already decoded, and a bare `&` cannot occur.
    private mutating func appendValue(_ value: UnsafeBufferPointer<UInt8>) {
        guard let base = value.baseAddress, memchr(base, 0x26, value.count) != nil else {
            if let base = value.baseAddress { bytes.append(base, count: value.count) }
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
        bytes.append(pointer, count: count)
        return XMLSubtree.Span(start: start, count: Int32(count))
    }

    /// Forgets a subtree begun but not finished (the document failed inside it).
    mutating func reset() {
        bytes.removeAll()
        elements.removeAll()
        attributes.removeAll()
        open.removeAll()
        pendingBlank.removeAll()
        morePieces.removeAll()
    }

    /// Frees the buffers; the recorder is not used after.
    func free() {
        bytes.free()
        elements.free()
        attributes.free()
        open.free()
        pendingBlank.free()
    }
}
