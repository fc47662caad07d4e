/// Rows in `COPY`'s text format, built as bytes (formatting through `String`s cost three times
/// the COPY itself): fields separated by tabs, `\N` for NULL, backslash, tab, newline and
/// carriage return escaped.
package struct PostgresCopyText: Sendable {
    package private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    package init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    package mutating func append(_ text: String?) {
        separate()
        guard let text else { bytes.append(contentsOf: [0x5C, 0x4E]); return }
        for byte in text.utf8 {
            switch byte {
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            default: bytes.append(byte)
            }
        }
    }

    package mutating func append(_ number: Int?) {
        guard let number else { append(nil as String?); return }
        separate()
        bytes.append(contentsOf: String(number).utf8)
    }

    /// Ends the current row.
    package mutating func endRow() {
        bytes.append(0x0A)
        fieldsInRow = 0
    }

    /// Empties the buffer (keeping its memory) once it was written.
    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(0x09) }
        fieldsInRow += 1
    }
}
