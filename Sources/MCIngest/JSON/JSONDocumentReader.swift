import Foundation
package import MCModel

/// Reads a JSON document: one credential (plain, wrapped, signed, flattened, in a presentation;
/// ELM v3, EBSI v1, Open Badges 2.0 or 3.0), one canonical record, or an array of either,
/// element by element from a memory-mapped file.
package struct JSONDocumentReader: RecordReader {
    package private(set) var format: InputFormat
    /// Credentials that are not awards, named (annex-i.md rule 23).
    package private(set) var fileIssues: [ValidationIssue] = []
    package let path: String
    private let data: Data
    private var position: Int
    private var line: Int
    private var done: Bool
    private var elements = 0
    /// Records of the current value not handed out yet (a presentation holds several).
    private var queue = RecordQueue()

    package init(path: String) throws(IngestError) {
        self.path = path
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        // Open the array (or read the single document) now, so that the format is known.
        let path = path
        let opened = try JSONDocumentReader.withBytes(data, path: path) { buffer -> (Int, Int, Bool, [JSONRecordShape]) in
            var parser = JSONParser(bytes: buffer, position: buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
            if parser.consume(UInt8(ascii: "[")) {
                let empty = parser.consume(UInt8(ascii: "]"))
                return (parser.position, parser.line, empty, [])
            }
            let value = try JSONDocumentReader.parse(&parser, path: path)
            if parser.peek() != nil {
                throw IngestError.malformed(path: path, line: parser.line,
                                            reason: "unexpected content after the JSON document (JSON Lines hold one record per line)")
            }
            return (parser.position, parser.line, true, JSONRecordShape.shapes(JSONCursor(value)))
        }
        let shapes: [JSONRecordShape]
        (position, line, done, shapes) = opened
        queue.load(shapes, line: 1, pointer: "")
        if let seen = queue.unreadable { throw .unknownFormat(path: path, seen: "JSON holding \(seen)") }
        fileIssues = queue.takeSkipped()
        format = queue.format ?? .json
    }

    package mutating func next() throws(IngestError) -> RawRecord? {
        if let record = queue.next(file: path) { return record }
        guard !done else { return nil }
        let (start, first, path) = (position, elements == 0, self.path)
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
            // Nothing but credentials that are not awards: nothing in the file can be read.
            if queue.count == 0, let what = queue.firstSkipped {
                throw .unknownFormat(path: path, seen: "a JSON array holding no award: \(what)")
            }
            return nil
        }
        let pointer = "/\(elements)"
        queue.load(JSONRecordShape.shapes(JSONCursor(value, pointer: pointer)), line: step.3, pointer: pointer)
        if elements == 0, case .unknown(let seen)? = queue.first, queue.format == nil {
            throw .unknownFormat(path: path, seen: "a JSON array whose first element is \(seen)")
        }
        if queue.count == 0, let kind = queue.format { format = kind }
        fileIssues += queue.takeSkipped()
        elements += 1
        return try next()
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
    /// The record of `shape`, found in the value at `line` and `pointer`; when that value holds
    /// several records (a presentation), each is placed by its own pointer.
    static func record(_ shape: JSONRecordShape, file: String, number: Int, line: Int, pointer: String, oneOfMany: Bool = false) -> RawRecord {
        let at = oneOfMany ? shape.pointer ?? pointer : pointer
        let provenance = Provenance(file: file, record: number, line: line, pointer: at.isEmpty ? "/" : at)
        if case .unknown(let seen) = shape {
            let damage = ValidationIssue(record: number, line: line, pointer: provenance.pointer, field: nil,
                                         code: .unknownRecordShape, severity: .error, message: "this record is \(seen)",
                                         hint: "send ELM v3 credentials, Open Badges 3.0 credentials or canonical records (objects keyed by the canonical CSV column names)")
            return RawRecord(provenance: provenance, values: [:], damage: damage)
        }
        var record = (shape.builder(record: number) ?? RecordBuilder()).record(provenance)
        // An XML credential decoded from a member: its lines are not the file's.
        if case .elmXML = shape { record.forgetLocations() }
        return record
    }
}
