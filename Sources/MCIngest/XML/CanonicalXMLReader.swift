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
        stream = try XMLStreamReader(path: path)
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
        return RecordPiece(bytes: credential.byteCount) { [PieceRecord(CanonicalXMLReader.map(credential.root, provenance))] }
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
