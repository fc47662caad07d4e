#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import MCModel

/// Reads canonical XML, the XML twin of the canonical CSV: `<credentials><credential>` with one
/// child element per canonical field (named like the CSV columns). A multi-valued field is either
/// repeated (each element one value, like the items of a JSON array) or one element `|`-joined
/// (like a CSV cell or a JSON string).
///
/// Read like ELM XML: libxml2's SAX2 parser records each `<credential>` flat (``XMLSubtree``) on
/// the reading thread, and the piece maps it to a record on whichever thread decodes it. Only the
/// children's names are looked at while cutting, so that an unknown element's warning keeps its
/// place in file order.
package struct CanonicalXMLReader: PiecewiseRecordReader {
    package let format = InputFormat.xml
    package private(set) var fileIssues: [ValidationIssue] = []
    private let stream: XMLStreamReader
    private var count = 0
    private var unknown = Set<String>()

    package init(path: String) throws(IngestError) {
        stream = try XMLStreamReader(path: path, names: CanonicalXMLReader.names)
    }

    package mutating func next() throws(IngestError) -> RawRecord? {
        try nextPiece()?.decode().first?.record()
    }

    /// The next `<credential>` as libxml2's SAX2 parser reported it, kept flat; mapping it is the
    /// piece's work.
    package mutating func nextPiece() throws(IngestError) -> RecordPiece? {
        guard let credential = try stream.nextSubtree(where: { name, _, depth in depth == 1 && name == "credential" }) else {
            if stream.rootName != "credentials" {
                throw .unknownFormat(path: stream.path, seen: "XML root <\(stream.rootName ?? "?")> is not <credentials>")
            }
            return nil
        }
        count += 1
        noteUnknownChildren(of: credential.root)
        let provenance = Provenance(file: stream.path, record: count, line: credential.line)
        // The subtree is mapped and freed on the thread that decodes the piece.
        return RecordPiece(bytes: credential.byteCount) { [PieceRecord(canonicalXML: credential, provenance)] }
    }

    /// Warns once per file about each child element that is not a canonical field.
    private mutating func noteUnknownChildren(of element: XMLElement) {
        CanonicalXMLReader.names.forEachChild(of: element) { position, match in
            guard match == nil else { return }
            let child = XMLElement(tree: element.tree, index: position)
            let name = child.name
            if unknown.insert(name).inserted {
                fileIssues.append(ValidationIssue(record: nil, line: child.line, field: nil, code: .unknownColumn, severity: .warning,
                                                  value: name, message: "element <\(name)> is not a canonical field; it was ignored",
                                                  hint: "name elements like the canonical CSV columns"))
            }
        }
    }

    /// The canonical fields, in the canonical CSV's column order, and their names as bytes.
    private static let fields: [Field] = Field.allCases
    private static let names = XMLNameTable(fields.map(\.rawValue))

    /// Every field's cell in ``cells(of:)``: the cells come in field order.
    private static let cellOfField = Array(fields.indices)
    /// The multi-valued fields, one bit per field.
    private static let multiValued = fields.indices.reduce(UInt32(0)) { fields[$1].isMultiValued ? $0 | 1 << UInt32($1) : $0 }

    /// The values of one `<credential>` element as cells (``FieldCells``: one per canonical
    /// field, in field order, empty when absent) for `validate`'s quick check, each as ``map(_:_:)``
    /// takes it: a field's first element's text, the elements of a repeated multi-valued field
    /// joined by `|` (split again into the same parts). Nil when joining would not give the same
    /// values: an element of a repeated field whose text holds a `|` is one value, not several.
    static func cells(of element: XMLElement) -> FieldCells? {
        let tree = element.tree
        return tree.elements.withUnsafeBufferPointer { elements -> FieldCells? in
            tree.bytes.withUnsafeBufferPointer { recorded -> FieldCells? in
                // Each field's first element, and the repeated multi-valued fields.
                var first = InlineArray<32, Int32>(repeating: -1)
                var repeated: UInt32 = 0
                var position = elements[Int(element.index)].firstChild
                while position >= 0 {
                    let symbol = elements[Int(position)].symbol
                    if symbol >= 0 {
                        if first[Int(symbol)] < 0 { first[Int(symbol)] = position } else { repeated |= multiValued & 1 << UInt32(symbol) }
                    }
                    position = elements[Int(position)].nextSibling
                }
                var joinable = true
                var ends: [Int] = []
                ends.reserveCapacity(fields.count)
                // The cells hold at most the recorded text and one `|` per element (each
                // element's name is recorded too): the subtree's bytes are room enough.
                let bytes = [UInt8](unsafeUninitializedCapacity: max(tree.byteCount, 1)) { buffer, count in
                    let source = recorded.baseAddress!
                    func append(_ text: XMLSubtree.Span) {
                        (buffer.baseAddress! + count).update(from: source + Int(text.start), count: Int(text.count))
                        count += Int(text.count)
                    }
                    for index in fields.indices {
                        let start = first[index]
                        if repeated & 1 << UInt32(index) != 0 {
                            var position = start
                            while position >= 0 {
                                let child = elements[Int(position)]
                                if child.symbol == Int32(index) {
                                    if position != start {
                                        buffer[count] = UInt8(ascii: "|")
                                        count += 1
                                    }
                                    if memchr(source + Int(child.text.start), Int32(UInt8(ascii: "|")), Int(child.text.count)) != nil { joinable = false }
                                    append(child.text)
                                }
                                position = child.nextSibling
                            }
                        } else if start >= 0 {
                            append(elements[Int(start)].text)
                        }
                        ends.append(count)
                    }
                }
                guard joinable else { return nil }
                return FieldCells(bytes: bytes, ends: ends, cellOfField: cellOfField, isUTF8: true)
            }
        }
    }

    /// The record of one `<credential>` element: each field's elements in document order.
    static func map(_ element: XMLElement, _ provenance: Provenance) -> RawRecord {
        var builder = RecordBuilder()
        var items = [[String]](repeating: [], count: fields.count)
        var lines = [Int?](repeating: nil, count: fields.count)
        names.forEachChild(of: element) { position, match in
            guard let index = match else { return }
            let child = XMLElement(tree: element.tree, index: position)
            items[index].append(child.text)
            if lines[index] == nil { lines[index] = child.line }
        }
        for (index, field) in fields.enumerated() where !items[index].isEmpty {
            let location = SourceLocation(line: lines[index])
            if field.isMultiValued {
                let values = items[index]
                builder.set(field, list: values.count == 1 ? RawValue.text(values[0]).parts(splitting: true) : values, at: location)
            } else {
                builder.set(field, items[index][0], at: location)
            }
        }
        return builder.record(provenance)
    }
}
