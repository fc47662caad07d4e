#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        scan(bytes, at: carry.count)
        carry.append(contentsOf: bytes)
    }

    /// Reads from `descriptor` straight into the carry, until it holds `bytes` bytes or the file
    /// ends (at least 64 KiB, and as much as it holds when it has to grow, so that a long row
    /// is copied a few times, not once per read). Returns how many bytes were read, 0 at the end
    /// of the file, -1 when reading failed (`errno` says why).
    mutating func read(from descriptor: Int32, toHold bytes: Int) -> Int {
        let held = carry.count
        let wanted = max(bytes - held, 64 * 1024, held)
        var total = 0
        var failed = false
        let grown = [UInt8](unsafeUninitializedCapacity: held + wanted) { buffer, initialized in
            let base = buffer.baseAddress!
            carry.withUnsafeBufferPointer { old in if let start = old.baseAddress { base.update(from: start, count: held) } }
            while total < wanted {
                let count = readBytes(descriptor, base + held + total, wanted - total)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { failed = true; break }
                if count == 0 { break }
                total += count
            }
            initialized = held + total
        }
        grown.withUnsafeBytes { scan(UnsafeRawBufferPointer(rebasing: $0[held...]), at: held) }
        carry = grown
        return failed ? -1 : total
    }

    /// Scans bytes that stand at `offset` in the carry.
    private mutating func scan(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        let scanned = scanner.scan(bytes)
        if let found = scanned.boundary {
            boundary = (offset + found.offset, carryLineFeeds + found.lineFeedsBefore)
        }
        carryLineFeeds += scanned.lineFeeds
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
            carry.append(contentsOf: chunk.bytes[end...])
            carryLine += chunk.lineFeeds
            carryLineFeeds -= chunk.lineFeeds
            boundary = nil
        }
        return chunk
    }
}

/// `read(2)`, under a name the chunker's own `read` does not hide.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
