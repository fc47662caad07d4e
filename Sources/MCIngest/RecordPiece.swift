import MCModel

/// A slice of input cut in file order whose records can be decoded on any thread: a CSV row as
/// libcsv delivered it, an XML element as libxml2 built it, a JSON line not yet parsed.
public struct RecordPiece: Sendable {
    /// Whether the records are numbered within the piece (from 1), because how many records the
    /// pieces before it hold is only known once they are decoded (a JSON line may hold a
    /// presentation of several credentials). The consumer adds the records before the piece.
    public var numberedLocally: Bool
    /// About how many bytes the piece holds (its input), so that pieces waiting for a thread
    /// are bounded in bytes as well as in number.
    public var bytes: Int
    /// The one record of a clean piece as bytes (a CSV row whose cells line up with the header),
    /// for a quick check before it is decoded; nil for other pieces.
    public var cells: FieldCells?
    /// Turns the piece into its records; throws when the whole input cannot go on (as `next()`).
    public var decode: @Sendable () throws(IngestError) -> [RawRecord]

    public init(numberedLocally: Bool = false, bytes: Int = 0, cells: FieldCells? = nil,
                decode: @escaping @Sendable () throws(IngestError) -> [RawRecord]) {
        self.numberedLocally = numberedLocally
        self.bytes = bytes
        self.cells = cells
        self.decode = decode
    }

    /// A record already decoded.
    public static func decoded(_ record: RawRecord) -> RecordPiece {
        RecordPiece { [record] }
    }
}

/// A reader that can hand out its input as pieces, so that the costly part of reading (building
/// values, mapping elements) runs beside the cheap cutting, on other cores. Reading the pieces
/// in order and decoding each gives exactly the records `next()` gives.
public protocol PiecewiseRecordReader: RecordReader {
    /// The next piece of input, or nil at the end.
    mutating func nextPiece() throws(IngestError) -> RecordPiece?
}
