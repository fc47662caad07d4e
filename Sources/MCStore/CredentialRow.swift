internal import Crypto
import Foundation
internal import GRDB
internal import GRDBSQLite
package import MCModel

/// SQLite copies bound text at once (the bytes are the row's).
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// What `credentials` stores of a credential, and its content hash, built before the import's
/// transaction needs it (on a normalizing thread). Every text lives in one byte buffer and each
/// column is a place in it, so handing a row to the writing thread, and freeing it there, moves
/// one allocation instead of a dozen strings made on another thread.
package struct CredentialRow: Sendable {
    /// A column's value: a place in `text`, a whole number, or NULL.
    struct Cell: Sendable {
        var start: Int32 = 0
        /// Bytes of text; ``Cell/null`` for NULL, ``Cell/number`` for a whole number.
        var count: Int32 = Cell.null
        var number: Int64 = 0

        static let null: Int32 = -1
        static let number: Int32 = -2
    }

    /// The columns' text back to back, each ended by 0x1F (0x1E alone for an absent value), then
    /// the content hash (64 hex digits). The hash covers exactly the bytes before it, so the
    /// record is hashed where it lies, without a second copy.
    private let text: [UInt8]
    /// The columns in the order of `credentials` (every element, the learner key included).
    private let cells: InlineArray<32, Cell>
    private let columnCount: Int
    private let hashCell: Cell
    /// The cell key method's record keys of the credential and its learner (not in the hash).
    package let recordKeys: RecordKeys?

    /// `recordKeys`: the credential's and its learner's record keys, when the key file is at hand.
    package init(_ c: Credential, recordKeys: RecordKeys? = nil) {
        self.recordKeys = recordKeys
        // The columns in the order of `credentials`, written straight into the row's text.
        var row = RowText()
        row.text(c.awardingBodyId)
        row.text(c.credentialId)
        row.text(c.learnerKey)
        row.text(c.title)
        row.joined(c.issuerCountries, separator: UInt8(ascii: "|"))
        row.text(c.issuerRegion)
        row.text(c.awardingBodyName)
        row.date(c.issueDate)
        row.jsonArray(c.learningOutcomes)
        row.decimal(c.ects)
        row.number(c.workloadHours)
        row.number(c.eqfLevel)
        row.text(c.qfEheaCycle?.rawValue)
        row.text(c.assessmentType)
        row.text(c.assessmentKind.rawValue)
        row.text(c.participationForm.rawValue)
        row.text(c.qualityAssurance.rawValue)
        row.text(c.prerequisites)
        row.text(c.supervision?.rawValue)
        row.text(c.grade)
        row.text(c.stackability?.rawValue)
        row.text(c.stackableTowards)
        row.text(c.furtherInfo)
        row.number(c.learnerBirthYear)
        row.text(c.learnerGender?.rawValue)
        row.text(c.learnerCitizenship)
        row.text(c.iscedF)
        row.text(c.language)
        row.text(c.status.rawValue)
        var text = row.bytes
        let digest = text.withUnsafeBytes { SHA256.hash(data: $0) }
        hashCell = Cell(start: Int32(text.count), count: 64)
        digest.withUnsafeBytes { bytes in
            for byte in bytes {
                text.append(Hex.digit(byte >> 4))
                text.append(Hex.digit(byte & 0x0F))
            }
        }
        self.text = text
        cells = row.cells
        columnCount = row.count
    }

    private func string(_ cell: Cell) -> String {
        text.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(cell.start)..<Int(cell.start + cell.count)]), as: UTF8.self)
        }
    }

    /// The awarding body's id (the key's first half).
    package var awardingBodyId: String { string(cells[0]) }
    /// The credential's id (the key's second half).
    package var credentialId: String { string(cells[1]) }
    /// The content hash, lower-case hex.
    package var hash: String { string(hashCell) }

    /// A column's value as another store's bulk loader writes it, read where it lies.
    package enum Value {
        case null
        case number(Int64)
        /// Text as its UTF-8 bytes, valid only during the call.
        case text(UnsafeBufferPointer<UInt8>)
    }

    /// Hands `body` every column in the order of `credentials` (as ``init(_:recordKeys:)`` writes
    /// them), then the content hash: what a bulk loader writes, without making a `String`.
    package func forEachValue(_ body: (Value) -> Void) {
        text.withUnsafeBufferPointer { buffer in
            func value(_ cell: Cell) -> Value {
                switch cell.count {
                case Cell.null: .null
                case Cell.number: .number(cell.number)
                default: .text(UnsafeBufferPointer(rebasing: buffer[Int(cell.start)..<Int(cell.start + cell.count)]))
                }
            }
            for index in 0..<columnCount { body(value(cells[index])) }
            body(value(hashCell))
        }
    }

    private func bind(_ handle: OpaquePointer?, _ position: Int32, _ cell: Cell, in buffer: UnsafeBufferPointer<UInt8>) {
        switch cell.count {
        case Cell.null: sqlite3_bind_null(handle, position)
        case Cell.number: sqlite3_bind_int64(handle, position, cell.number)
        case 0: sqlite3_bind_text(handle, position, "", 0, SQLITE_TRANSIENT)
        default:
            let start = UnsafeRawPointer(buffer.baseAddress! + Int(cell.start)).assumingMemoryBound(to: CChar.self)
            sqlite3_bind_text(handle, position, start, cell.count, SQLITE_TRANSIENT)
        }
    }

    /// Binds awarding body and credential id at `position` and the next.
    func bindKey(_ handle: OpaquePointer?, from position: Int32) {
        text.withUnsafeBufferPointer { buffer in
            bind(handle, position, cells[0], in: buffer)
            bind(handle, position + 1, cells[1], in: buffer)
        }
    }

    /// Binds the content hash at `position`.
    func bindHash(_ handle: OpaquePointer?, at position: Int32) {
        text.withUnsafeBufferPointer { buffer in bind(handle, position, hashCell, in: buffer) }
    }

    /// Binds the record keys at `position` and the next (NULL when unknown).
    func bindRecordKeys(_ handle: OpaquePointer?, from position: Int32) {
        if let recordKeys {
            sqlite3_bind_int64(handle, position, Int64(bitPattern: recordKeys.credential))
            sqlite3_bind_int64(handle, position + 1, Int64(bitPattern: recordKeys.learner))
        } else {
            sqlite3_bind_null(handle, position)
            sqlite3_bind_null(handle, position + 1)
        }
    }

    /// Binds every column from position 1; returns the last position bound.
    func bindColumns(_ handle: OpaquePointer?) -> Int32 {
        text.withUnsafeBufferPointer { buffer in
            for index in 0..<columnCount { bind(handle, Int32(index + 1), cells[index], in: buffer) }
        }
        return Int32(columnCount)
    }
}

/// A row's text as it is written: each column's bytes ended by 0x1F, or 0x1E alone for an absent
/// value (what the content hash covers), and each column's place in it.
private struct RowText {
    private(set) var bytes: [UInt8] = []
    private(set) var cells = InlineArray<32, CredentialRow.Cell>(repeating: CredentialRow.Cell())
    private(set) var count = 0

    init() {
        bytes.reserveCapacity(1024)
    }

    /// A text column; nil is absent.
    mutating func text(_ value: String?) {
        guard let value else { return absent() }
        let start = bytes.count
        bytes.append(contentsOf: value.utf8)
        close(from: start)
    }

    /// A whole number's decimal digits; nil is absent.
    mutating func number(_ value: Int?) {
        guard let value else { return absent() }
        appendDigits(value)
        precondition(count < 32, "a credential row has room for 32 columns")
        cells[count] = CredentialRow.Cell(count: CredentialRow.Cell.number, number: Int64(value))
        count += 1
        bytes.append(0x1F)
    }

    /// Values joined by `separator` (`DE|AT`).
    mutating func joined(_ values: [String], separator: UInt8) {
        let start = bytes.count
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(separator) }
            bytes.append(contentsOf: value.utf8)
        }
        close(from: start)
    }

    /// `YYYY-MM-DD`, as ``CalendarDate/description`` writes it.
    mutating func date(_ date: CalendarDate) {
        let start = bytes.count
        appendDigits(date.year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(date.month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(date.day, width: 2)
        close(from: start)
    }

    /// A decimal as `Decimal.description` writes it (`7.5`, `30`, `0.25`), made from its exponent
    /// and whole-number significand: `description` took a microsecond a record, as much as the
    /// rest of the row. A significand beyond 64 bits, or an exponent beyond ±18, goes through
    /// `description`.
    mutating func decimal(_ value: Decimal?) {
        guard let value else { return absent() }
        let exponent = value.exponent
        let significand = value.significand
        guard !value.isNaN, (-18...18).contains(exponent) else { return text(value.description) }
        let whole = Int64(truncating: significand as NSNumber)
        guard whole >= 0, Decimal(whole) == significand else { return text(value.description) }
        let start = bytes.count
        if whole == 0 {
            bytes.append(UInt8(ascii: "0"))
            return close(from: start)
        }
        if value.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        let digits = String(whole).utf8
        if exponent >= 0 {
            bytes.append(contentsOf: digits)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent))
        } else if digits.count <= -exponent {
            bytes += [UInt8(ascii: "0"), UInt8(ascii: ".")]
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -exponent - digits.count))
            bytes.append(contentsOf: digits)
        } else {
            let point = digits.index(digits.endIndex, offsetBy: exponent)
            bytes.append(contentsOf: digits[..<point])
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: digits[point...])
        }
        close(from: start)
    }

    /// A JSON array of strings, byte for byte as ``JSONText/array(_:)`` writes it. Runs of bytes
    /// that need no escape are appended at once (a learning outcome has none to escape).
    mutating func jsonArray(_ values: [String]) {
        let start = bytes.count
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            var value = value
            value.withUTF8 { utf8 in
                var plain = 0
                for (at, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<at]))
                    plain = at + 1
                    switch byte {
                    case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                    case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                    case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                    case ..<0x20: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, Hex.digit(byte >> 4), Hex.digit(byte & 0x0F)]
                    default: bytes += [UInt8(ascii: "\\"), byte]
                    }
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain...]))
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "]"))
        close(from: start)
    }

    private mutating func absent() {
        precondition(count < 32, "a credential row has room for 32 columns")
        count += 1
        bytes.append(0x1E)
    }

    /// Ends the text column begun at `start`.
    private mutating func close(from start: Int) {
        precondition(count < 32, "a credential row has room for 32 columns")
        cells[count] = CredentialRow.Cell(start: Int32(start), count: Int32(bytes.count - start))
        count += 1
        bytes.append(0x1F)
    }

    /// Decimal digits, zero-padded to `width`, with a leading `-` for a negative number.
    private mutating func appendDigits(_ value: Int, width: Int = 1) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = InlineArray<20, UInt8>(repeating: 0)
        var used = 0
        repeat {
            digits[used] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            used += 1
        } while magnitude > 0
        for _ in used..<max(used, width) { bytes.append(UInt8(ascii: "0")) }
        for index in stride(from: used - 1, through: 0, by: -1) { bytes.append(digits[index]) }
    }
}
