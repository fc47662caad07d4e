package import MCModel

/// A slice of input cut in file order whose records can be decoded on any thread: CSV rows
/// (a chunk of them, or one), an XML element as libxml2 built it, a JSON line not yet parsed.
package struct RecordPiece: Sendable {
    /// Whether the records are numbered within the piece (from 1), because how many records the
    /// pieces before it hold is only known once they are decoded (a chunk of CSV rows, a JSON
    /// line that may hold a presentation of several credentials). The consumer adds the records
    /// before the piece.
    package var numberedLocally: Bool
    /// About how many bytes the piece holds (its input), so that pieces waiting for a thread
    /// are bounded in bytes as well as in number.
    package var bytes: Int
    /// About how many records the piece holds (a chunk of CSV rows counts its lines), so that
    /// the records waiting for a thread, and what they will become, stay bounded in number.
    package var records: Int
    /// Turns the piece into its records, in order; throws when the whole input cannot go on
    /// (as `next()`), after the records before the failure have been read.
    package var decode: @Sendable () throws(IngestError) -> [PieceRecord]

    package init(numberedLocally: Bool = false, bytes: Int = 0, records: Int = 1,
                decode: @escaping @Sendable () throws(IngestError) -> [PieceRecord]) {
        self.numberedLocally = numberedLocally
        self.bytes = bytes
        self.records = records
        self.decode = decode
    }

    /// Records already decoded.
    package init(numberedLocally: Bool = false, bytes: Int = 0, records: @escaping @Sendable () throws(IngestError) -> [RawRecord]) {
        self.init(numberedLocally: numberedLocally, bytes: bytes) { () throws(IngestError) -> [PieceRecord] in
            try records().map(PieceRecord.init)
        }
    }

    /// A record already decoded.
    package static func decoded(_ record: RawRecord) -> RecordPiece {
        RecordPiece(bytes: record.valueBytes) { [PieceRecord(record)] }
    }
}

/// One record of a piece, built when asked for: a CSV row is turned into its record only then,
/// so that a quick look at its cells (``cells``) can spare building it.
package struct PieceRecord: Sendable {
    private enum Source: Sendable {
        indirect case record(RawRecord)
        /// Row `index` of a piece's rows.
        case csvRow(CSVPieceRows, index: Int)
        /// A `<credential>` of canonical XML, mapped when asked for.
        case canonicalXML(XMLSubtree, Provenance)
        /// An ELM `europassCredential` holding one award, mapped when asked for.
        case elmCredential(XMLElement, Provenance)
        /// Not a record: a file-level warning found while decoding (a credential that is not an
        /// award, annex-i.md rule 23).
        case fileIssue(ValidationIssue)
    }

    private let source: Source

    /// The record's cells as bytes when it is a clean CSV row (see ``CSVRecordDecoder/cells(of:unterminated:)``),
    /// a canonical XML credential whose values can be put as cells (``CanonicalXMLReader/cells(of:)``)
    /// or an ELM credential in a shape read on its bytes (``ELMXMLCells/cells(of:)``).
    package var cells: FieldCells? {
        switch source {
        case .csvRow(let rows, let index): rows.cells(of: index)
        case .canonicalXML(let credential, _): CanonicalXMLReader.cells(of: credential.root)
        case .elmCredential(let credential, _): ELMXMLCells.cells(of: credential)
        case .record, .fileIssue: nil
        }
    }

    package init(_ record: RawRecord) {
        source = .record(record)
    }

    init(rows: CSVPieceRows, index: Int) {
        source = .csvRow(rows, index: index)
    }

    init(canonicalXML credential: XMLSubtree, _ provenance: Provenance) {
        source = .canonicalXML(credential, provenance)
    }

    /// An ELM credential holding one award, read as record `provenance.record` of its piece.
    init(elmCredential credential: XMLElement, _ provenance: Provenance) {
        source = .elmCredential(credential, provenance)
    }

    /// A file-level warning in the piece's place, not a record.
    package init(fileIssue: ValidationIssue) {
        source = .fileIssue(fileIssue)
    }

    /// The warning, when this is one rather than a record.
    package var fileIssue: ValidationIssue? {
        if case .fileIssue(let issue) = source { return issue }
        return nil
    }

    /// The record.
    package func record() -> RawRecord {
        switch source {
        case .record(let record): record
        case .csvRow(let rows, let index): rows.record(of: index)
        case .canonicalXML(let credential, let provenance): CanonicalXMLReader.map(credential.root, provenance)
        case .elmCredential(let credential, let provenance):
            ELMXMLMapper.map(credential, record: provenance.record).record(provenance)
        case .fileIssue(let issue): RawRecord(provenance: Provenance(file: "", record: 0, line: issue.line), damage: issue)
        }
    }
}

/// A reader that can hand out its input as pieces, so that the costly part of reading (building
/// values, mapping elements) runs beside the cheap cutting, on other cores. Reading the pieces
/// in order and decoding each gives exactly the records `next()` gives.
package protocol PiecewiseRecordReader: RecordReader {
    /// The next piece of input, or nil at the end.
    mutating func nextPiece() throws(IngestError) -> RecordPiece?
}
