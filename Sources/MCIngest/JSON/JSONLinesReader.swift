package import MCModel

/// Reads JSON Lines: one JSON record per line (canonical records or credentials, a presentation
/// giving one record per credential), streamed in fixed-size chunks. A line that is not valid
/// JSON rejects only its record.
///
/// The same reader reads compact JWS / VC-JWT files (format `vc-jwt`): one token per line
/// (`header.payload.signature`), each giving the credential of its `vc` claim or the records of
/// its `vp` presentation (annex-i.md rule 19).
package struct JSONLinesReader: PiecewiseRecordReader {
    package let format: InputFormat
    /// Credentials that are not awards, named (annex-i.md rule 23), when read with `next()`.
    package private(set) var fileIssues: [ValidationIssue] = []
    package let path: String
    /// What the pieces gave, for ``finish()``.
    private let tally = ReadTally()
    private var lines: LineSource
    private var values = 0
    private var queue = RecordQueue()

    /// Opens `path`, JSON Lines or (with `format` `.vcJWT`) one compact JWS per line.
    package init(path: String, format: InputFormat = .jsonLines) throws(IngestError) {
        self.path = path
        self.format = format
        lines = try LineSource(path: path)
    }

    /// The next non-blank line, parsed and mapped by the piece (its records numbered from 1
    /// within the line: only then is it known how many a line holds).
    package mutating func nextPiece() throws(IngestError) -> RecordPiece? {
        guard let (bytes, lineNumber, index) = try nextValueLine() else { return nil }
        let (path, format, tally) = (path, format, tally)
        return RecordPiece(numberedLocally: true, bytes: bytes.count) { () throws(IngestError) -> [PieceRecord] in
            var queue = RecordQueue()
            if let damaged = try JSONLinesReader.load(bytes, line: lineNumber, index: index, format: format, path: path, into: &queue) {
                tally.add(records: 1, skipped: nil)
                return [PieceRecord(damaged)]
            }
            var records = queue.takeSkipped().map(PieceRecord.init(fileIssue:))
            while let record = queue.next(file: path) { records.append(PieceRecord(record)) }
            tally.add(records: queue.count, skipped: queue.firstSkipped)
            return records
        }
    }

    /// The next line that is not blank, its line number and its place among the file's values;
    /// nil at the end. Throws for a file with no line at all.
    private mutating func nextValueLine() throws(IngestError) -> (bytes: [UInt8], line: Int, index: Int)? {
        while let (bytes, lineNumber) = try lines.next() {
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            values += 1
            return (bytes, lineNumber, values)
        }
        if values == 0 && lines.line == 0 { throw .empty(path: path) }
        return nil
    }

    /// Parses one line (the file's `index`-th value) into `queue`; returns the record of a line
    /// that is not JSON instead. Throws for the first value when it is no record at all, and
    /// for a value nested too deep to read safely.
    static func load(_ bytes: [UInt8], line lineNumber: Int, index: Int, format: InputFormat, path: String,
                     into queue: inout RecordQueue) throws(IngestError) -> RawRecord? {
        let pointer = "/\(index - 1)"
        if format == .vcJWT {
            let token = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
            queue.load(JSONRecordShape.shapes(ofToken: token, at: ""), line: lineNumber, pointer: pointer)
            if index == 1, case .unknown(let seen)? = queue.first, queue.format == nil { throw .unknownFormat(path: path, seen: seen) }
            return nil
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch let failure as JSONParser.Failure {
            if failure.tooDeep { throw .unsafe(path: path, line: lineNumber, reason: failure.message) }
            let count = queue.countOne()
            let damage = ValidationIssue(record: count, line: lineNumber, pointer: pointer, field: nil, code: .malformedRow,
                                         severity: .error, message: "line \(lineNumber) is not valid JSON: \(failure.message)",
                                         hint: "write one complete JSON object per line")
            return RawRecord(provenance: Provenance(file: path, record: count, line: lineNumber, pointer: pointer),
                             values: [:], damage: damage)
        } catch {
            throw .malformed(path: path, line: lineNumber, reason: "\(error)")
        }
        queue.load(JSONRecordShape.shapes(JSONCursor(value, pointer: pointer)), line: lineNumber, pointer: pointer)
        if index == 1, case .unknown(let seen)? = queue.first, queue.format == nil {
            throw .unknownFormat(path: path, seen: "JSON Lines whose first record is \(seen)")
        }
        return nil
    }

    package mutating func next() throws(IngestError) -> RawRecord? {
        while true {
            fileIssues += queue.takeSkipped()
            if let record = queue.next(file: path) { return record }
            guard let (bytes, lineNumber, index) = try nextValueLine() else {
                if queue.count == 0, let what = queue.firstSkipped { throw JSONLinesReader.holdsNoAward(path: path, what) }
                return nil
            }
            if let damaged = try JSONLinesReader.load(bytes, line: lineNumber, index: index, format: format, path: path, into: &queue) {
                return damaged
            }
        }
    }

    /// Throws when every credential of the file was skipped as not an award: nothing in it
    /// can be read (annex-i.md rule 23).
    package func finish() throws(IngestError) {
        if let what = tally.unreadable { throw JSONLinesReader.holdsNoAward(path: path, what) }
    }

    static func holdsNoAward(path: String, _ what: String) -> IngestError {
        .unknownFormat(path: path, seen: what)
    }
}
