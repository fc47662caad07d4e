#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MCModel

/// Reads JSON Lines: one JSON record per line (canonical records or credentials), streamed in
/// fixed-size chunks. A line that is not valid JSON rejects only its record.
public struct JSONLinesReader: RecordReader {
    /// Longest line accepted (64 MiB).
    public static let maxLineBytes = 64 << 20
    public let format = InputFormat.jsonLines
    public let fileIssues: [ValidationIssue] = []
    public let path: String
    private let descriptor: Int32
    private let closer: FileCloser
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var scanFrom = 0
    private var endOfFile = false
    private var line = 0
    private var count = 0

    public init(path: String) throws(IngestError) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        closer = FileCloser(descriptor: descriptor)
    }

    public mutating func next() throws(IngestError) -> RawRecord? {
        while let (bytes, lineNumber) = try nextLine() {
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            count += 1
            let pointer = "/\(count - 1)"
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes)
            } catch let failure as JSONParser.Failure {
                if failure.tooDeep { throw .unsafe(path: path, line: lineNumber, reason: failure.message) }
                let damage = ValidationIssue(record: count, line: lineNumber, pointer: pointer, field: nil, code: .malformedRow,
                                             severity: .error, message: "line \(lineNumber) is not valid JSON: \(failure.message)",
                                             hint: "write one complete JSON object per line")
                return RawRecord(provenance: Provenance(file: path, record: count, line: lineNumber, pointer: pointer),
                                 values: [:], damage: damage)
            } catch {
                throw .malformed(path: path, line: lineNumber, reason: "\(error)")
            }
            let shape = JSONRecordShape.classify(JSONCursor(value, pointer: pointer))
            if count == 1, case .unknown(let seen) = shape {
                throw .unknownFormat(path: path, seen: "JSON Lines whose first record is \(seen)")
            }
            return JSONRecords.record(shape, file: path, number: count, line: lineNumber, pointer: pointer)
        }
        if count == 0 && line == 0 { throw .empty(path: path) }
        return nil
    }

    /// The next physical line (without its line break) and its number.
    private mutating func nextLine() throws(IngestError) -> ([UInt8], Int)? {
        while true {
            if let newline = buffer[scanFrom...].firstIndex(of: 0x0A) {
                var bytes = Array(buffer[start..<newline])
                if bytes.last == 0x0D { bytes.removeLast() }
                start = newline + 1
                scanFrom = start
                line += 1
                return (bytes, line)
            }
            if endOfFile {
                guard start < buffer.count else { return nil }
                let bytes = Array(buffer[start...])
                start = buffer.count
                line += 1
                return (bytes, line)
            }
            // Drop consumed bytes before reading more.
            buffer.removeSubrange(..<start)
            start = 0
            scanFrom = buffer.count
            if buffer.count > JSONLinesReader.maxLineBytes {
                throw .malformed(path: path, line: line + 1, reason: "a line longer than 64 MiB")
            }
            let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if read < 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            if read == 0 { endOfFile = true } else { buffer.append(contentsOf: chunk[..<read]) }
        }
    }
}
