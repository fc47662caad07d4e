import MCModel

/// Reads JSON Lines: one JSON record per line (canonical records or credentials, a presentation
/// giving one record per credential), streamed in fixed-size chunks. A line that is not valid
/// JSON rejects only its record.
///
/// The same reader reads compact JWS / VC-JWT files (format `vc-jwt`): one token per line
/// (`header.payload.signature`), each giving the credential of its `vc` claim or the records of
/// its `vp` presentation (annex-i.md rule 19).
public struct JSONLinesReader: RecordReader {
    /// Longest line accepted (64 MiB).
    public static let maxLineBytes = LineSource.maxLineBytes
    public let format: InputFormat
    public let fileIssues: [ValidationIssue] = []
    public let path: String
    private var lines: LineSource
    private var values = 0
    private var queue = RecordQueue()

    /// Opens `path`, JSON Lines or (with `format` `.vcJWT`) one compact JWS per line.
    public init(path: String, format: InputFormat = .jsonLines) throws(IngestError) {
        self.path = path
        self.format = format
        lines = try LineSource(path: path)
    }

    public mutating func next() throws(IngestError) -> RawRecord? {
        if let record = queue.next(file: path) { return record }
        while let (bytes, lineNumber) = try lines.next() {
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            values += 1
            let pointer = "/\(values - 1)"
            if format == .vcJWT {
                let token = String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
                queue.load(JSONRecordShape.shapes(ofToken: token, at: ""), line: lineNumber, pointer: pointer)
                if values == 1, case .unknown(let seen)? = queue.first { throw .unknownFormat(path: path, seen: seen) }
                return try next()
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
            if values == 1, case .unknown(let seen)? = queue.first {
                throw .unknownFormat(path: path, seen: "JSON Lines whose first record is \(seen)")
            }
            return try next()
        }
        if values == 0 && lines.line == 0 { throw .empty(path: path) }
        return nil
    }
}
