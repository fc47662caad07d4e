package import MCModel

/// Reads ELM v2 XML: `europassCredential` elements (namespace `http://data.europa.eu/snb`, or
/// the 2020 draft namespace with the same element meanings, annex-i.md rule 20), alone or many
/// under any wrapper element (a batch, a `verifiablePresentation`), one credential at a time.
package struct ELMXMLReader: PiecewiseRecordReader {
    package static let namespace = "http://data.europa.eu/snb"
    /// The 2020 draft namespace of ELM v2.
    package static let draftNamespace = "http://data.europa.eu/europass/model/credentials#"
    /// Every namespace a `europassCredential` is read in.
    package static let namespaces = [namespace, draftNamespace]
    package let format = InputFormat.elmXML
    package let fileIssues: [ValidationIssue] = []
    private let stream: XMLStreamReader
    private var count = 0

    package init(path: String) throws(IngestError) {
        stream = try XMLStreamReader(path: path)
    }

    package mutating func next() throws(IngestError) -> RawRecord? {
        try nextPiece()?.decode().first?.record()
    }

    /// The next `europassCredential` element as libxml2 built it; mapping it is the piece's work.
    package mutating func nextPiece() throws(IngestError) -> RecordPiece? {
        guard let credential = try stream.nextSubtree(where: { name, namespace, _ in
            name == "europassCredential" && ELMXMLReader.namespaces.contains(namespace)
        }) else {
            if count == 0 {
                throw .unknownFormat(path: stream.path, seen: "XML root <\(stream.rootName ?? "?")> holds no europassCredential element in namespace \(ELMXMLReader.namespace) (nor the 2020 draft namespace \(ELMXMLReader.draftNamespace))")
            }
            return nil
        }
        count += 1
        let (provenance, number) = (Provenance(file: stream.path, record: count, line: credential.line), count)
        // The subtree is mapped and freed on the thread that decodes the piece.
        return RecordPiece(bytes: credential.byteCount) { [PieceRecord(ELMXMLMapper.map(credential.root, record: number).record(provenance))] }
    }
}
