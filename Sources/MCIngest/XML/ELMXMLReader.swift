import Foundation
package import MCModel

/// Reads ELM v2 XML: `europassCredential` elements (namespace `http://data.europa.eu/snb`, or
/// the 2020 draft namespace with the same element meanings, annex-i.md rule 20), alone or many
/// under any wrapper element (a batch, a `verifiablePresentation`), one credential at a time;
/// a credential holding several learning achievements gives one record each (rule 24).
///
/// Presentations (rule 23): a `verifiableCredential` or `presentedCredential` element holds a
/// credential inline, or as text (base64 of an XML or JSON credential, or escaped XML), which
/// is decoded and read; one that holds none is named in a `not_an_award` warning.
package struct ELMXMLReader: PiecewiseRecordReader {
    package static let namespace = "http://data.europa.eu/snb"
    /// The 2020 draft namespace of ELM v2.
    package static let draftNamespace = "http://data.europa.eu/europass/model/credentials#"
    /// Every namespace a `europassCredential` is read in.
    package static let namespaces = [namespace, draftNamespace]
    /// Elements of presentations and envelopes that hold one credential, inline or as text.
    static let holders: Set<String> = ["verifiableCredential", "presentedCredential", "credential", "document_data", "payload"]
    package let format = InputFormat.elmXML
    /// Credentials that are not awards, named, when read with `next()`.
    package private(set) var fileIssues: [ValidationIssue] = []
    private let stream: XMLStreamReader
    /// Credentials and holders met.
    private var count = 0
    /// Records handed out by `next()`, and those of the last element not handed out yet.
    private var records = 0
    private var pending: [PieceRecord] = []
    /// What the pieces gave, for ``finish()``.
    private let tally = ReadTally()
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
        stream = try XMLStreamReader(path: path, names: ELMName.table)
    }

    package mutating func next() throws(IngestError) -> RawRecord? {
        while true {
            while !pending.isEmpty {
                let item = pending.removeFirst()
                if let issue = item.fileIssue {
                    fileIssues.append(issue)
                    continue
                }
                records += 1
                var record = item.record()
                record.renumber(records)
                return record
            }
            guard let piece = try nextPiece() else {
                if let what = tally.unreadable { throw ELMXMLReader.holdsNoAward(path: stream.path, what) }
                return nil
            }
            pending = try piece.decode()
        }
    }

    /// The next `europassCredential` element (or credential holder) as libxml2 built it;
    /// mapping it is the piece's work, its records numbered from 1.
    package mutating func nextPiece() throws(IngestError) -> RecordPiece? {
        var seen = self.seen
        defer { self.seen = seen }
        guard let element = try stream.nextSubtree(where: { name, namespace, _ in
            if name == "europassCredential" {
                if ELMXMLReader.namespaces.contains(namespace) { return true }
                seen.foreignNamespace = seen.foreignNamespace ?? namespace
            } else if ELMXMLReader.holders.contains(name) {
                return true
            } else if seen.learningOpportunity == nil, ELMXMLReader.isLearningOpportunity(name) {
                seen.learningOpportunity = name
            }
            return false
        }) else {
            if count == 0 { throw .unknownFormat(path: stream.path, seen: seen.description(root: stream.rootName)) }
            return nil
        }
        count += 1
        let (path, tally) = (stream.path, tally)
        // The subtree is mapped and freed on the thread that decodes the piece.
        return RecordPiece(numberedLocally: true, bytes: element.byteCount) {
            let items = ELMXMLReader.records(of: element.root, file: path)
            tally.add(records: items.count { $0.fileIssue == nil }, skipped: items.lazy.compactMap(\.fileIssue).first?.message)
            return items
        }
    }

    /// Throws when every credential holder of the file held no award: nothing in it can be
    /// read (annex-i.md rule 23).
    package func finish() throws(IngestError) {
        if let what = tally.unreadable { throw ELMXMLReader.holdsNoAward(path: stream.path, what) }
    }

    static func holdsNoAward(path: String, _ what: String) -> IngestError {
        .unknownFormat(path: path, seen: "XML holding no award: \(what)")
    }

    /// The records of a `europassCredential` element, or of a holder's credentials, numbered
    /// from 1; a holder with no credential gives a `not_an_award` warning instead.
    static func records(of element: XMLElement, file: String) -> [PieceRecord] {
        let line = element.line
        if element.isNamed("europassCredential") && namespaces.contains(where: element.isInNamespace) {
            return records(of: [element], file: file, line: nil)
        }
        let inline = element.descendants(named: "europassCredential", in: namespaces)
        if !inline.isEmpty { return records(of: inline, file: file, line: nil) }
        let place = "<\(element.name)> at line \(line)"
        if let text = element.nonBlankText, let bytes = EmbeddedCredential.bytes(text) {
            if bytes.first == UInt8(ascii: "<") {
                do {
                    let credentials = try EmbeddedCredential.europassCredentials(inXML: bytes, name: "\(file): the XML in \(place)")
                    if !credentials.isEmpty { return records(of: credentials, file: file, line: line) }
                } catch {
                    return [PieceRecord(damaged(file: file, line: line, "the credential embedded in \(place) cannot be read: \(error.message)"))]
                }
            } else if let shapes = EmbeddedCredential.shapes(text, at: "") {
                var queue = RecordQueue()
                queue.load(shapes, line: line, pointer: "")
                var items = queue.takeSkipped().map(PieceRecord.init(fileIssue:))
                while var record = queue.next(file: file) {
                    record.provenance.pointer = nil
                    items.append(PieceRecord(record))
                }
                return items
            }
        }
        let issue = SkippedCredential(place: place, what: "it holds no europassCredential, inline or embedded as text").issue(line: line)
        return [PieceRecord(fileIssue: issue)]
    }

    /// One record per award of each credential, numbered from 1, placed at the credential's
    /// line (or at `line`, the holder's, for a credential decoded from text).
    private static func records(of credentials: [XMLElement], file: String, line: Int?) -> [PieceRecord] {
        var items: [PieceRecord] = []
        for credential in credentials {
            let choices = ELMXMLMapper.choices(credential)
            if choices == nil && line == nil {
                // One award, in the file itself: mapped when asked for, so that `validate` can
                // read its values as cells first.
                items.append(PieceRecord(elmCredential: credential, Provenance(file: file, record: items.count + 1, line: credential.line)))
                continue
            }
            for choice in choices.map({ $0.map(Optional.some) }) ?? [nil] {
                let number = items.count + 1
                let provenance = Provenance(file: file, record: number, line: line ?? credential.line)
                var record = ELMXMLMapper.map(credential, record: number, claim: choice).record(provenance)
                // A credential decoded from text: its lines are not the file's, so its values are
                // placed at the holder's line.
                if line != nil { record.forgetLocations() }
                items.append(PieceRecord(record))
            }
        }
        return items
    }

    private static func damaged(file: String, line: Int, _ message: String) -> RawRecord {
        let issue = ValidationIssue(record: 1, line: line, field: nil, code: .unknownRecordShape, severity: .error, message: message,
                                    hint: "embed the credential as base64 of its XML, or inline")
        return RawRecord(provenance: Provenance(file: file, record: 1, line: line), values: [:], damage: issue)
    }
}

extension RawRecord {
    /// The record without the places of its values (they were found in decoded text, whose
    /// lines are not the file's): each is then at the record's own place.
    mutating func forgetLocations() {
        for field in Field.allCases { setLocation(nil, of: field) }
    }

    /// The record numbered `number` in its file, with its issues, when it was numbered within
    /// a piece.
    mutating func renumber(_ number: Int) {
        let offset = number - provenance.record
        guard offset != 0 else { return }
        provenance.record = number
        if var issue = damage {
            issue.record = issue.record.map { $0 + offset }
            damage = issue
        }
        notes = notes.map { note in
            var note = note
            note.record = note.record.map { $0 + offset }
            return note
        }
    }
}
