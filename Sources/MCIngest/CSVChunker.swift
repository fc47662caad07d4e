/// Cuts a CSV file, from a row boundary on, into chunks of whole rows: bytes are added as they
/// are read, the row boundaries found by ``CSVRowBoundaryScanner``, and a chunk is cut at the
/// last boundary once enough bytes are in. A chunk starts where libcsv, reading the whole file,
/// would be between rows, so a parser of its own reads it exactly as that reading would.
struct CSVChunker {
    /// One chunk: the first `count` bytes of `bytes`, starting on physical line `firstLine`.
    struct Chunk: Sendable {
        var bytes: [UInt8]
        var count: Int
        var firstLine: Int
        /// Line feeds in the chunk: about its number of rows.
        var lineFeeds: Int
    }

    /// Bytes added but not yet cut; they start at a row boundary.
    private var carry: [UInt8] = []
    /// The physical line `carry` starts on, and the line feeds in it.
    private var carryLine: Int
    private var carryLineFeeds = 0
    /// The last row boundary in `carry` (just past a line end), and the line feeds before it.
    private var boundary: (offset: Int, lineFeeds: Int)?
    private var scanner: CSVRowBoundaryScanner

    /// - Parameter firstLine: the physical line of the first byte to be added.
    init(delimiter: UInt8, firstLine: Int) {
        scanner = CSVRowBoundaryScanner(delimiter: delimiter)
        carryLine = firstLine
    }

    /// Bytes added since the last row boundary: the row still open.
    var openRowBytes: Int { carry.count - (boundary?.offset ?? 0) }

    /// Whether a chunk of at least `bytes` bytes of whole rows can be cut.
    func hasChunk(of bytes: Int) -> Bool { boundary != nil && carry.count >= bytes }

    /// Adds `bytes`, read after those added before.
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        let scanned = scanner.scan(bytes)
        if let found = scanned.boundary {
            boundary = (carry.count + found.offset, carryLineFeeds + found.lineFeedsBefore)
        }
        carryLineFeeds += scanned.lineFeeds
        carry.append(contentsOf: bytes)
    }

    /// Everything added, when no row ends in it: the bytes of the row still open and its line.
    mutating func takeOpenRow() -> (bytes: [UInt8], firstLine: Int) {
        precondition(boundary == nil, "whole rows are cut, not handed back")
        defer { carry = [] }
        return (carry, carryLine)
    }

    /// Cuts the rows up to the last boundary, or, at the end of the file, everything added;
    /// nil when that is nothing.
    mutating func cut(atEnd: Bool) -> Chunk? {
        let end = atEnd ? carry.count : boundary?.offset ?? 0
        guard end > 0 else { return nil }
        // The carry itself becomes the chunk; what follows the cut is copied into a new carry.
        let chunk = Chunk(bytes: carry, count: end, firstLine: carryLine,
                          lineFeeds: atEnd ? carryLineFeeds : boundary!.lineFeeds)
        carry = []
        if !atEnd {
            carry.reserveCapacity(2 * end)
            carry.append(contentsOf: chunk.bytes[end...])
            carryLine += chunk.lineFeeds
            carryLineFeeds -= chunk.lineFeeds
            boundary = nil
        }
        return chunk
    }
}
