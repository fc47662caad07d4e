/// A record's cells as bytes, before any String is made: a CSV row as libcsv delivered it, and
/// which cell holds each field. A reader that has a clean record in this form offers it beside
/// the record (``RecordPiece``'s `cells`), so that `validate` can pass a record that plainly
/// meets every rule without building it.
package struct FieldCells: Sendable {
    /// Cells of one or more records, shared by them: one reference per record.
    package final class Storage: Sendable {
        /// The cells back to back.
        package let bytes: [UInt8]
        /// Where each cell ends in `bytes`.
        package let ends: [Int]
        /// Per field (by ``Field/ordinal``), the index of its cell within a record; -1 when no
        /// column holds it.
        package let cellOfField: [Int]
        /// Whether the bytes are known to be UTF-8 (libxml2 gives nothing else), so that no
        /// one needs to check.
        package let isUTF8: Bool

        package init(bytes: [UInt8], ends: [Int], cellOfField: [Int], isUTF8: Bool = false) {
            self.bytes = bytes
            self.ends = ends
            self.cellOfField = cellOfField
            self.isUTF8 = isUTF8
        }
    }

    package let storage: Storage
    /// Where this record's cells start in `ends`, and how many it has.
    package let firstCell: Int
    package let cellCount: Int

    /// The cells back to back; the buffer may hold other records' cells around them (see
    /// ``byteRange``).
    package var bytes: [UInt8] { storage.bytes }
    /// Where each cell ends in `bytes`, from ``firstCell`` on.
    package var ends: [Int] { storage.ends }

    /// A record's own cells.
    /// - Parameter cellOfField: per field ordinal, the index of its cell, -1 for none.
    package init(bytes: [UInt8], ends: [Int], cellOfField: [Int], isUTF8: Bool = false) {
        self.init(storage: Storage(bytes: bytes, ends: ends, cellOfField: cellOfField, isUTF8: isUTF8), firstCell: 0, cellCount: ends.count)
    }

    /// The `cellCount` cells from `storage.ends[firstCell]` on.
    package init(storage: Storage, firstCell: Int, cellCount: Int) {
        self.storage = storage
        self.firstCell = firstCell
        self.cellCount = cellCount
    }

    /// Where the record's cells lie in `bytes`.
    package var byteRange: Range<Int> {
        let ends = storage.ends
        let start = firstCell == 0 ? 0 : ends[firstCell - 1]
        return start..<(cellCount == 0 ? start : ends[firstCell + cellCount - 1])
    }
}
