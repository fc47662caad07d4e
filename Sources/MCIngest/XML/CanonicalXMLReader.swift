package import MCModel

/// Reads canonical XML, the XML twin of the canonical CSV: `<credentials><credential>` with one
/// child element per canonical field (named like the CSV columns). A multi-valued field is either
/// repeated (each element one value, like the items of a JSON array) or one element `|`-joined
/// (like a CSV cell or a JSON string).
package struct CanonicalXMLReader: RecordReader {
    package let format = InputFormat.xml
    package private(set) var fileIssues: [ValidationIssue] = []
    private let stream: XMLStreamReader
    private var count = 0
    private var unknown = Set<String>()

    package init(path: String) throws(IngestError) {
        stream = try XMLStreamReader(path: path)
    }

    package mutating func next() throws(IngestError) -> RawRecord? {
        guard let element = try stream.next(where: { name, _, depth in depth == 1 && name == "credential" }) else {
            if stream.rootName != "credentials" {
                throw .unknownFormat(path: stream.path, seen: "XML root <\(stream.rootName ?? "?")> is not <credentials>")
            }
            return nil
        }
        count += 1
        var builder = RecordBuilder()
        var lists: [Field: [String]] = [:]
        var lines: [Field: Int] = [:]
        for child in element.children {
            guard let field = Field.named[child.name] else {
                if unknown.insert(child.name).inserted {
                    fileIssues.append(ValidationIssue(record: nil, line: child.line, field: nil, code: .unknownColumn, severity: .warning,
                                                      value: child.name, message: "element <\(child.name)> is not a canonical field; it was ignored",
                                                      hint: "name elements like the canonical CSV columns"))
                }
                continue
            }
            lists[field, default: []].append(child.text)
            if lines[field] == nil { lines[field] = child.line }
        }
        for (field, items) in lists {
            let location = SourceLocation(line: lines[field])
            if field.isMultiValued {
                builder.set(field, list: items.count == 1 ? RawValue.text(items[0]).parts(splitting: true) : items, at: location)
            } else {
                builder.set(field, items[0], at: location)
            }
        }
        return builder.record(Provenance(file: stream.path, record: count, line: element.line))
    }
}
