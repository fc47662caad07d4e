import MCModel

/// Reads ELM v2 XML: `europassCredential` elements (namespace `http://data.europa.eu/snb`),
/// alone or many under any wrapper element, streamed one credential at a time.
public struct ELMXMLReader: RecordReader {
    public static let namespace = "http://data.europa.eu/snb"
    public let format = InputFormat.elmXML
    public let fileIssues: [ValidationIssue] = []
    private let stream: XMLStreamReader
    private var count = 0

    public init(path: String) throws(IngestError) {
        stream = try XMLStreamReader(path: path)
    }

    public mutating func next() throws(IngestError) -> RawRecord? {
        guard let credential = try stream.next(where: { name, namespace, _ in
            name == "europassCredential" && namespace == ELMXMLReader.namespace
        }) else {
            if count == 0 {
                throw .unknownFormat(path: stream.path, seen: "XML root <\(stream.rootName ?? "?")> holds no europassCredential element in namespace \(ELMXMLReader.namespace)")
            }
            return nil
        }
        count += 1
        let provenance = Provenance(file: stream.path, record: count, line: credential.line)
        return ELMXMLMapper.map(credential, record: count).record(provenance)
    }
}
