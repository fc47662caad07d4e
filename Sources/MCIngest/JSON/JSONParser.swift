/// A strict JSON parser (RFC 8259) over bytes, with a nesting limit, exact line numbers in
/// errors, UTF-8 validation, and document-ordered objects. It can parse one value at a time
/// from a longer buffer (a top-level array's elements, one JSON Lines line).
package struct JSONParser {
    /// Deepest nesting accepted; deeper input is refused instead of exhausting the stack.
    package static let maxDepth = 256

    /// Why parsing stopped.
    package struct Failure: Error, Sendable, Equatable {
        package var message: String
        package var line: Int
        package var offset: Int
        /// The input nests deeper than ``JSONParser/maxDepth``.
        package var tooDeep: Bool
    }

    private let bytes: UnsafeRawBufferPointer
    package private(set) var position: Int
    package private(set) var line: Int
    private var depth = 0

    /// A parser over `bytes`, starting at `position` on `line`. The caller keeps `bytes` alive.
    package init(bytes: UnsafeRawBufferPointer, position: Int = 0, line: Int = 1) {
        self.bytes = bytes
        self.position = position
        self.line = line
    }

    /// Parses exactly one document: a value with only white space around it. Throws ``Failure``.
    package static func parse(_ data: [UInt8]) throws -> JSONValue {
        try data.withUnsafeBytes { buffer -> JSONValue in
            var parser = JSONParser(bytes: buffer)
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
            let value = try parser.parseValue()
            parser.skipWhitespace()
            guard parser.position == buffer.count else { throw parser.failure("unexpected content after the JSON value") }
            return value
        }
    }

    /// Skips white space; returns the next byte without consuming it.
    package mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Consumes `byte` if it is next (after white space).
    package mutating func consume(_ byte: UInt8) -> Bool {
        if peek() == byte { position += 1; return true }
        return false
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A: position += 1; line += 1
            default: return
            }
        }
    }

    func failure(_ message: String, tooDeep: Bool = false) -> Failure {
        Failure(message: message, line: line, offset: position, tooDeep: tooDeep)
    }

    /// Parses one value at the current position.
    package mutating func parseValue() throws -> JSONValue {
        guard let byte = peek() else { throw failure("unexpected end of the input: a JSON value was expected") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("unexpected character '\(Unicode.Scalar(byte))'")
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > JSONParser.maxDepth {
            throw failure("the JSON nests deeper than \(JSONParser.maxDepth) levels", tooDeep: true)
        }
    }

    private mutating func parseObject() throws -> JSONValue {
        try enter()
        position += 1
        var members: [JSONMember] = []
        if consume(UInt8(ascii: "}")) { depth -= 1; return .object(members) }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw failure("an object key (a string) was expected") }
            let key = try parseString()
            guard consume(UInt8(ascii: ":")) else { throw failure("':' was expected after the key \"\(key)\"") }
            let value = try parseValue()
            members.append(JSONMember(key: key, value: value))
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { break }
            throw failure("',' or '}' was expected in an object")
        }
        depth -= 1
        return .object(members)
    }

    private mutating func parseArray() throws -> JSONValue {
        try enter()
        position += 1
        var items: [JSONValue] = []
        if consume(UInt8(ascii: "]")) { depth -= 1; return .array(items) }
        while true {
            items.append(try parseValue())
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { break }
            throw failure("',' or ']' was expected in an array")
        }
        depth -= 1
        return .array(items)
    }

    private mutating func expectWord(_ word: String) throws {
        let expected = Array(word.utf8)
        let count = expected.count
        guard position + count <= bytes.count else { throw failure("unexpected end of the input") }
        for index in 0..<count where bytes[position + index] != expected[index] {
            throw failure("unexpected character")
        }
        position += count
    }

    private mutating func parseNumber() throws -> String {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - from
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { throw failure("a digit was expected") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else if digits() == 0 {
            throw failure("a digit was expected")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure("a digit was expected after '.'") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("a digit was expected in the exponent") }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func parseString() throws -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return try validated(raw)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure(byte == 0x0A ? "a line break inside a string (write \\n)" : "a control character inside a string") }
            position += 1
        }
        var buffer = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return try buffer.withUnsafeBytes { raw in try validated(raw) }
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                            throw failure("a lone UTF-16 surrogate in a \\u escape")
                        }
                        position += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw failure("an invalid UTF-16 surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw failure("a lone UTF-16 surrogate in a \\u escape")
                    }
                    buffer.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                default:
                    throw failure("an invalid escape '\\\(Unicode.Scalar(escape))'")
                }
            default:
                if byte < 0x20 { throw failure("a control character inside a string") }
                buffer.append(byte)
                position += 1
            }
        }
        throw failure("a string is not closed before the end of the input")
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("four hex digits were expected after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw failure("four hex digits were expected after \\u")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private func validated(_ raw: UnsafeRawBufferPointer) throws -> String {
        if raw.allSatisfy({ $0 < 0x80 }) { return String(decoding: raw, as: UTF8.self) }
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw failure("a string holds bytes that are not valid UTF-8")
        }
        return text
    }
}
