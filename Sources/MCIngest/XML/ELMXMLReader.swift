import Foundation
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
    private var seen = Seen()

    /// What a file without a readable `europassCredential` holds instead, for its fatal message.
    struct Seen {
        /// The namespace of a `europassCredential` outside the ELM namespaces ("" for none).
        var foreignNamespace: String?
        /// The first element naming a learning opportunity (a description of learning on offer).
        var learningOpportunity: String?

        /// What the file was seen to hold, naming the element that is there.
        func description(root: String?) -> String {
            let elm = "the ELM namespace \(ELMXMLReader.namespace) (or the 2020 draft namespace \(ELMXMLReader.draftNamespace))"
            if let foreignNamespace {
                let written = foreignNamespace.isEmpty ? "in no namespace" : "in namespace \(foreignNamespace)"
                return "XML holding <europassCredential> \(written), not in \(elm): declare xmlns=\"\(ELMXMLReader.namespace)\" on it"
            }
            if let learningOpportunity {
                return ELMXMLReader.learningOpportunityDescription(learningOpportunity)
            }
            return "XML root <\(root ?? "?")> holds no europassCredential element in \(elm)"
        }
    }

    /// Whether an element's local name names a learning opportunity (`learningOpportunity`,
    /// `qmsLearningOpportunities`, `LearningOpportunity`).
    static func isLearningOpportunity(_ name: String) -> Bool {
        name.range(of: "learningopportunit", options: .caseInsensitive) != nil
    }

    /// The fatal message for a file that describes a learning opportunity: named as such, not an
    /// award (annex-i.md rules 20 and 23).
    static func learningOpportunityDescription(_ element: String) -> String {
        "XML holding an ELM learning opportunity (<\(element)>, a description of learning on offer), not an award: it holds no europassCredential"
    }

    package init(path: String) throws(IngestError) {
        stream = try XMLStreamReader(path: path)
    }

    package mutating func next() throws(IngestError) -> RawRecord? {
        try nextPiece()?.decode().first?.record()
    }

    /// The next `europassCredential` element as libxml2 built it; mapping it is the piece's work.
    package mutating func nextPiece() throws(IngestError) -> RecordPiece? {
        var seen = self.seen
        defer { self.seen = seen }
        guard let credential = try stream.nextSubtree(where: { name, namespace, _ in
            if name == "europassCredential" {
                if ELMXMLReader.namespaces.contains(namespace) { return true }
                seen.foreignNamespace = seen.foreignNamespace ?? namespace
            } else if seen.learningOpportunity == nil, ELMXMLReader.isLearningOpportunity(name) {
                seen.learningOpportunity = name
            }
            return false
        }) else {
            if count == 0 { throw .unknownFormat(path: stream.path, seen: seen.description(root: stream.rootName)) }
            return nil
        }
        count += 1
        let (provenance, number) = (Provenance(file: stream.path, record: count, line: credential.line), count)
        // The subtree is mapped and freed on the thread that decodes the piece.
        return RecordPiece(bytes: credential.byteCount) { [PieceRecord(ELMXMLMapper.map(credential.root, record: number).record(provenance))] }
    }
}
