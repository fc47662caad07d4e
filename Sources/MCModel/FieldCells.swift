/// A record's cells as bytes, before any String is made: a CSV row as libcsv delivered it, and
/// which cell holds each field. A reader that has a clean record in this form offers it beside
/// the record (``RecordPiece``'s `cells`), so that `validate` can pass a record that plainly
/// meets every rule without building it.
public struct FieldCells: Sendable {
    /// Cells of one or more records, shared by them: one reference per record.
    public final class Storage: Sendable {
        /// The cells back to back.
        public let bytes: [UInt8]
        /// Where each cell ends in `bytes`.
        public let ends: [Int]
        /// Per field (by ``Field/ordinal``), the index of its cell within a record; -1 when no
        /// column holds it.
        public let cellOfField: [Int]

        public init(bytes: [UInt8], ends: [Int], cellOfField: [Int]) {
            self.bytes = bytes
            self.ends = ends
            self.cellOfField = cellOfField
        }
    }

    public let storage: Storage
    /// Where this record's cells start in `ends`, and how many it has.
    public let firstCell: Int
    public let cellCount: Int

    /// The cells back to back; the buffer may hold other records' cells around them (see
    /// ``byteRange``).
    public var bytes: [UInt8] { storage.bytes }
    /// Where each cell ends in `bytes`, from ``firstCell`` on.
    public var ends: [Int] { storage.ends }

    /// A record's own cells.
    /// - Parameter cellOfField: per field ordinal, the index of its cell, -1 for none.
    public init(bytes: [UInt8], ends: [Int], cellOfField: [Int]) {
        self.init(storage: Storage(bytes: bytes, ends: ends, cellOfField: cellOfField), firstCell: 0, cellCount: ends.count)
    }

    /// The `cellCount` cells from `storage.ends[firstCell]` on.
    public init(storage: Storage, firstCell: Int, cellCount: Int) {
        self.storage = storage
        self.firstCell = firstCell
        self.cellCount = cellCount
    }

    /// Where the record's cells lie in `bytes`.
    public var byteRange: Range<Int> {
        let ends = storage.ends
        let start = firstCell == 0 ? 0 : ends[firstCell - 1]
        return start..<(cellCount == 0 ? start : ends[firstCell + cellCount - 1])
    }
}
