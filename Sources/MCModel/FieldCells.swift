/// A record's cells as bytes, before any String is made: a CSV row as libcsv delivered it, and
/// which cell holds each field. A reader that has a clean record in this form offers it beside
/// the record (``RecordPiece``'s `cells`), so that `validate` can pass a record that plainly
/// meets every rule without building it.
public struct FieldCells: Sendable {
    /// The cells back to back.
    public let bytes: [UInt8]
    /// Where each cell ends in `bytes`.
    public let ends: [Int]
    /// Per field (by ``Field/ordinal``), the index of its cell; -1 when no column holds it.
    let cellOfField: [Int]

    /// - Parameter cellOfField: per field ordinal, the index of its cell, -1 for none.
    public init(bytes: [UInt8], ends: [Int], cellOfField: [Int]) {
        self.bytes = bytes
        self.ends = ends
        self.cellOfField = cellOfField
    }

    /// The bytes of `field`'s cell, `buffer` being this record's `bytes`; nil when no column
    /// holds the field.
    public func cell(_ field: Field, in buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let index = cellOfField[field.ordinal]
        guard index >= 0 else { return nil }
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(rebasing: buffer[start..<ends[index]])
    }
}
