/// Rows in `COPY`'s text format, written as bytes straight from where the values lie (a
/// ``CredentialRow``'s buffer, a string's UTF-8): fields separated by tabs, `\N` for NULL, one
/// line per row; backslash, tab, newline and carriage return escaped. (Formatting rows through
/// `String`s cost three times the COPY itself.)
package struct PostgresCopyBuffer: Sendable {
    package private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    package init(capacity: Int = (1 << 20) + 4096) {
        bytes.reserveCapacity(capacity)
    }

    package var count: Int { bytes.count }

    package mutating func appendNull() {
        separate()
        bytes.append(0x5C)
        bytes.append(0x4E)
    }

    package mutating func append(bytes text: UnsafeBufferPointer<UInt8>) {
        separate()
        for byte in text {
            switch byte {
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x09: bytes.append(0x5C); bytes.append(0x74)
            case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
            case 0x0D: bytes.append(0x5C); bytes.append(0x72)
            default: bytes.append(byte)
            }
        }
    }

    package mutating func append(_ text: String?) {
        guard var text else { appendNull(); return }
        text.withUTF8 { append(bytes: $0) }
    }

    package mutating func append(_ number: Int64?) {
        guard let number else { appendNull(); return }
        separate()
        if number == 0 { bytes.append(0x30); return }
        var magnitude = number.magnitude
        if number < 0 { bytes.append(0x2D) }
        let start = bytes.count
        while magnitude > 0 {
            bytes.append(UInt8(truncatingIfNeeded: magnitude % 10) + 0x30)
            magnitude /= 10
        }
        bytes[start...].reverse()
    }

    /// A `float8` as PostgreSQL reads it back exactly (Swift's shortest round-trip digits).
    package mutating func append(real number: Double) {
        if number.isNaN { append("NaN"); return }
        if number.isInfinite { append(number < 0 ? "-Infinity" : "Infinity"); return }
        append("\(number)")
    }

    /// A `bytea` in its hex form (`\x…`, its backslash escaped as COPY's text format wants).
    package mutating func append(bytea data: [UInt8]) {
        separate()
        let digits = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [0x5C, 0x5C, 0x78])
        for byte in data {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
    }

    package mutating func endRow() {
        bytes.append(0x0A)
        fieldsInRow = 0
    }

    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(0x09) }
        fieldsInRow += 1
    }
}
