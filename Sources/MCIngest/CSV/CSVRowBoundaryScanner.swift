#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds where rows end in CSV bytes exactly as libcsv reads them (not strict; quote `"`, space
/// and tab as its spaces): a line feed ends a row unless it falls inside a quoted field. A quote
/// opens a quoted field only at the start of a field, after optional spaces; inside one, `""` is
/// a quote and a quote followed by anything but a delimiter or a line end carries on the field.
///
/// The reader uses it to cut a file into chunks at row boundaries that workers parse on their
/// own, each with a fresh parser that starts where libcsv, reading the whole file, would be
/// between rows. It runs as a table: a state per libcsv state (its quoted flag, and for a quote
/// that may have closed a field, whether spaces followed it) and a class per byte.
struct CSVRowBoundaryScanner {
    // States: 0 no field begun (libcsv's ROW_NOT_BEGUN and FIELD_NOT_BEGUN), 1 an unquoted field,
    // 2 a quoted field, 3 a quote that may have closed it, 4 the same after spaces.
    private static let notBegun: UInt8 = 0
    // Classes: 0 other, 1 delimiter, 2 quote, 3 line feed, 4 carriage return, 5 space or tab.
    private static let lineFeedClass: UInt8 = 3
    /// Next state by state × 6 + class.
    private static let transitions: [UInt8] = [
        // other delim quote LF  CR  space
        1, 0, 2, 0, 0, 0, // no field begun
        1, 0, 1, 0, 0, 1, // unquoted field: a quote is content
        2, 2, 3, 2, 2, 2, // quoted field: line ends are content
        2, 0, 2, 0, 0, 4, // a quote that may have closed it: `""` is a quote
        2, 0, 3, 0, 0, 4, // …after spaces: a quote is content, the field may still end
    ]

    private var state = notBegun
    /// The class of each byte value.
    private let classes: [UInt8]
    /// The delimiter in each byte of a word.
    private let delimiters: UInt64

    init(delimiter: UInt8) {
        var classes = [UInt8](repeating: 0, count: 256)
        classes[0x20] = 5
        classes[0x09] = 5
        classes[Int(UInt8(ascii: "\""))] = 2
        classes[0x0A] = CSVRowBoundaryScanner.lineFeedClass
        classes[0x0D] = 4
        classes[Int(delimiter)] = 1
        self.classes = classes
        delimiters = CSVRowBoundaryScanner.repeated(delimiter)
    }

    /// `byte` in each of a word's eight bytes.
    private static func repeated(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

    /// Not zero when one of `word`'s bytes may be the byte `pattern` repeats (never zero when
    /// one is; at times not zero when none is).
    private static func holds(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let matched = word ^ pattern
        return (matched &- 0x0101_0101_0101_0101) & ~matched & 0x8080_8080_8080_8080
    }

    /// Whether the delimiter is the quote: the quick scan cannot tell them apart.
    private var delimiterIsQuote: Bool { classes[Int(UInt8(ascii: "\""))] != 2 }

    /// Scans `bytes`, which follow those scanned before. Returns the offset just past the last
    /// line feed in `bytes` that ends a row (nil when none does) with how many line feeds come
    /// before that offset, and how many line feeds `bytes` holds.
    ///
    /// Outside quoted fields only quotes can change how a line feed is read, so the scan leaps
    /// from quote to quote with `memchr`: between two quotes, every line feed ends a row, and
    /// the state at the next quote follows from the last byte before it that is not a space.
    /// Inside a quoted field it leaps to the next quote. Only the bytes right after a quote that
    /// may close a field go through the table, one at a time.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> (boundary: (offset: Int, lineFeedsBefore: Int)?, lineFeeds: Int) {
        guard let base = bytes.baseAddress, !bytes.isEmpty, !delimiterIsQuote else { return scanByTable(bytes) }
        var found: (offset: Int, lineFeedsBefore: Int)?
        var lineFeeds = 0
        var state = Int(state)
        let count = bytes.count
        let quote = Int32(UInt8(ascii: "\""))
        /// Where the next quote at or after `start` is; `count` when none is.
        func nextQuote(_ start: Int) -> Int {
            memchr(base + start, quote, count - start).map { UnsafeRawPointer($0) - base } ?? count
        }
        /// Calls `body` with the offset of each line feed in `start..<end`.
        func forEachLineFeed(_ start: Int, _ end: Int, _ body: (Int) -> Void) {
            var at = start
            while at < end, let hit = memchr(base + at, 0x0A, end - at) {
                let offset = UnsafeRawPointer(hit) - base
                body(offset)
                at = offset + 1
            }
        }
        classes.withUnsafeBufferPointer { classes in
            CSVRowBoundaryScanner.transitions.withUnsafeBufferPointer { transitions in
                var index = 0
                while index < count {
                    switch state {
                    case 0, 1:
                        let next = nextQuote(index)
                        forEachLineFeed(index, next) { offset in
                            lineFeeds += 1
                            found = (offset + 1, lineFeeds)
                        }
                        // A delimiter or line end leaves no field begun; anything else but a
                        // space begins an unquoted one; spaces change nothing.
                        var last = next
                        while last > index && classes[Int(bytes[last - 1])] == 5 { last -= 1 }
                        if last > index {
                            let byteClass = classes[Int(bytes[last - 1])]
                            state = byteClass == 1 || byteClass == 3 || byteClass == 4 ? 0 : 1
                        }
                        guard next < count else { index = count; break }
                        state = Int(transitions[state * 6 + 2])
                        index = next + 1
                    case 2:
                        let next = nextQuote(index)
                        forEachLineFeed(index, next) { _ in lineFeeds += 1 }
                        guard next < count else { index = count; break }
                        state = 3
                        index = next + 1
                    default:
                        let byteClass = classes[Int(bytes[index])]
                        state = Int(transitions[state * 6 + Int(byteClass)])
                        index += 1
                        if byteClass == CSVRowBoundaryScanner.lineFeedClass {
                            lineFeeds += 1
                            if state == 0 { found = (index, lineFeeds) }
                        }
                    }
                }
            }
        }
        self.state = UInt8(state)
        return (found, lineFeeds)
    }

    /// ``scan(_:)`` a byte at a time through the table (eight at a time where none can matter).
    mutating func scanByTable(_ bytes: UnsafeRawBufferPointer) -> (boundary: (offset: Int, lineFeedsBefore: Int)?, lineFeeds: Int) {
        var found: (offset: Int, lineFeedsBefore: Int)?
        var lineFeeds = 0
        var state = Int(state)
        let count = bytes.count
        // Inside a field, most bytes change nothing: eight at a time are passed over while none
        // of them can (a delimiter or line end in an unquoted field, a quote or line feed in a
        // quoted one). A false alarm only sends a byte to the table.
        let (delimiters, lineFeedBytes, returns, quotes) = (delimiters, Self.repeated(0x0A), Self.repeated(0x0D),
                                                            Self.repeated(UInt8(ascii: "\"")))
        CSVRowBoundaryScanner.transitions.withUnsafeBufferPointer { transitions in
            classes.withUnsafeBufferPointer { classes in
                var index = 0
                while index < count {
                    if state == 1 {
                        while index &+ 8 <= count {
                            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                            if Self.holds(word, delimiters) | Self.holds(word, lineFeedBytes) | Self.holds(word, returns) != 0 { break }
                            index &+= 8
                        }
                    } else if state == 2 {
                        while index &+ 8 <= count {
                            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                            if Self.holds(word, quotes) | Self.holds(word, lineFeedBytes) != 0 { break }
                            index &+= 8
                        }
                    }
                    guard index < count else { break }
                    let byteClass = classes[Int(bytes[index])]
                    state = Int(transitions[state &* 6 &+ Int(byteClass)])
                    index &+= 1
                    if byteClass == CSVRowBoundaryScanner.lineFeedClass {
                        lineFeeds &+= 1
                        if state == 0 { found = (index, lineFeeds) }
                    }
                }
            }
        }
        self.state = UInt8(state)
        return (found, lineFeeds)
    }
}
