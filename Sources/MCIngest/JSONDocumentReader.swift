import Foundation
import MCModel

/// Reads a JSON document: one credential (plain, wrapped, signed; ELM v3 or Open Badges 3.0),
/// one canonical record, or an array of either, element by element from a memory-mapped file.
public struct JSONDocumentReader: RecordReader {
    public private(set) var format: InputFormat
    public let fileIssues: [ValidationIssue] = []
    public let path: String
    private let data: Data
    private var position: Int
    private var line: Int
    private var count = 0
    private var done: Bool
    private var pending: JSONRecordShape?

    public init(path: String) throws(IngestError) {
        self.path = path
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        // Open the array (or read the single document) now, so that the format is known.
        let path = path
        let opened = try JSONDocumentReader.withBytes(data, path: path) { buffer -> (Int, Int, Bool, JSONRecordShape?) in
            var parser = JSONParser(bytes: buffer, position: buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
            if parser.consume(UInt8(ascii: "[")) {
                let empty = parser.consume(UInt8(ascii: "]"))
                return (parser.position, parser.line, empty, nil)
            }
            let value = try JSONDocumentReader.parse(&parser, path: path)
            if parser.peek() != nil {
                throw IngestError.malformed(path: path, line: parser.line,
                                            reason: "unexpected content after the JSON document (JSON Lines hold one record per line)")
            }
            return (parser.position, parser.line, false, JSONRecordShape.classify(JSONCursor(value)))
        }
        (position, line, done, pending) = opened
        if case .unknown(let seen)? = pending { throw .unknownFormat(path: path, seen: "JSON holding \(seen)") }
        format = pending?.format ?? .json
    }

    public mutating func next() throws(IngestError) -> RawRecord? {
        if let shape = pending {
            pending = nil
            done = true
            count += 1
            return JSONRecords.record(shape, file: path, number: count, line: 1, pointer: "")
        }
        guard !done else { return nil }
        let (start, first, path) = (position, count == 0, self.path)
        let startLine = line
        let step = try JSONDocumentReader.withBytes(data, path: path) { buffer -> (JSONValue?, Int, Int, Int) in
            var parser = JSONParser(bytes: buffer, position: start, line: startLine)
            if !first {
                if parser.consume(UInt8(ascii: "]")) { return (nil, parser.position, parser.line, parser.line) }
                guard parser.consume(UInt8(ascii: ",")) else {
                    throw IngestError.malformed(path: path, line: parser.line, reason: "',' or ']' was expected between array elements")
                }
            }
            _ = parser.peek()
            let valueLine = parser.line
            let value = try JSONDocumentReader.parse(&parser, path: path)
            return (value, parser.position, parser.line, valueLine)
        }
        position = step.1
        line = step.2
        guard let value = step.0 else {
            done = true
            return nil
        }
        let shape = JSONRecordShape.classify(JSONCursor(value, pointer: "/\(count)"))
        if count == 0 {
            if case .unknown(let seen) = shape { throw .unknownFormat(path: path, seen: "a JSON array whose first element is \(seen)") }
            if let kind = shape.format { format = kind }
        }
        count += 1
        return JSONRecords.record(shape, file: path, number: count, line: step.3, pointer: "/\(count - 1)")
    }

    static func withBytes<T>(_ data: Data, path: String, _ body: (UnsafeRawBufferPointer) throws -> T) throws(IngestError) -> T {
        do {
            return try data.withUnsafeBytes(body)
        } catch let error as IngestError {
            throw error
        } catch {
            throw .malformed(path: path, line: nil, reason: "\(error)")
        }
    }

    /// One value, with parser failures turned into the file's fatal error.
    static func parse(_ parser: inout JSONParser, path: String) throws(IngestError) -> JSONValue {
        do {
            return try parser.parseValue()
        } catch let failure as JSONParser.Failure {
            if failure.tooDeep { throw .unsafe(path: path, line: failure.line, reason: failure.message) }
            throw .malformed(path: path, line: failure.line, reason: failure.message)
        } catch {
            throw .malformed(path: path, line: parser.line, reason: "\(error)")
        }
    }
}

/// Turns a classified JSON value into a raw record.
enum JSONRecords {
    static func record(_ shape: JSONRecordShape, file: String, number: Int, line: Int, pointer: String) -> RawRecord {
        let provenance = Provenance(file: file, record: number, line: line, pointer: pointer.isEmpty ? "/" : pointer)
        if case .unknown(let seen) = shape {
            let damage = ValidationIssue(record: number, line: line, pointer: provenance.pointer, field: nil,
                                         code: .unknownRecordShape, severity: .error, message: "this record is \(seen)",
                                         hint: "send ELM v3 credentials, Open Badges 3.0 credentials or canonical records (objects keyed by the canonical CSV column names)")
            return RawRecord(provenance: provenance, values: [:], damage: damage)
        }
        return (shape.builder(record: number) ?? RecordBuilder()).record(provenance)
    }
}
