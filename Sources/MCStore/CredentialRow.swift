internal import Crypto
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
    package init(_ credential: Credential, recordKeys: RecordKeys? = nil) {
        self.recordKeys = recordKeys
        let columns = ImportSink.columns(of: credential)
        precondition(columns.count <= 32, "a credential row has room for 32 columns")
        var text: [UInt8] = []
        text.reserveCapacity(1024)
        var cells = InlineArray<32, Cell>(repeating: Cell())
        // The content hash covers each column's text, ended by 0x1F, or 0x1E for an absent value.
        for (index, column) in columns.enumerated() {
            switch column {
            case .text(let value?):
                cells[index] = Cell(start: Int32(text.count), count: Int32(value.utf8.count))
                text.append(contentsOf: value.utf8)
                text.append(0x1F)
            case .int(let number?):
                cells[index] = Cell(count: Cell.number, number: Int64(number))
                text.append(contentsOf: String(number).utf8)
                text.append(0x1F)
            case .text(nil), .int(nil):
                text.append(0x1E)
            }
        }
        let digest = text.withUnsafeBytes { SHA256.hash(data: $0) }
        hashCell = Cell(start: Int32(text.count), count: 64)
        digest.withUnsafeBytes { bytes in
            for byte in bytes {
                text.append(Hex.digit(byte >> 4))
                text.append(Hex.digit(byte & 0x0F))
            }
        }
        self.text = text
        self.cells = cells
        columnCount = columns.count
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

    /// Hands `body` every column in the order of `credentials` (as ``ImportSink/columns(of:)``
    /// lists them), then the content hash: what a bulk loader writes, without making a `String`.
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
