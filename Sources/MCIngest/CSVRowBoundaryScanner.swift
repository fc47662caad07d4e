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
/// between rows.
struct CSVRowBoundaryScanner {
    private enum State: UInt8 { case notBegun, unquoted, quoted, mightHaveEnded }
    private var state = State.notBegun
    /// Spaces since a quote that may have closed a field.
    private var spaces = 0
    private let delimiter: UInt8

    init(delimiter: UInt8) { self.delimiter = delimiter }

    /// Scans `bytes`, which follow those scanned before. Returns the offset just past the last
    /// line feed in `bytes` that ends a row (nil when none does) and how many line feeds come
    /// before that offset.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> (boundary: Int, lineFeedsBefore: Int)? {
        let quote = UInt8(ascii: "\""), lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
        var found: (boundary: Int, lineFeedsBefore: Int)?
        var lineFeeds = 0
        var state = state, spaces = spaces
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let isTerm = byte == lineFeed || byte == carriageReturn
            let isSpace = (byte == 0x20 || byte == 0x09) && byte != delimiter
            switch state {
            case .notBegun:
                if isSpace || isTerm || byte == delimiter {
                    // a space before a field, the end of a row, or an empty field
                } else if byte == quote {
                    state = .quoted
                } else {
                    state = .unquoted
                }
            case .unquoted:
                if byte == delimiter || isTerm { state = .notBegun }
            case .quoted:
                if byte == quote {
                    state = .mightHaveEnded
                    spaces = 0
                }
            case .mightHaveEnded:
                if byte == delimiter || isTerm {
                    state = .notBegun
                } else if isSpace {
                    spaces += 1
                } else if byte == quote {
                    if spaces == 0 { state = .quoted } else { spaces = 0 }
                } else {
                    state = .quoted
                }
            }
            if byte == lineFeed {
                lineFeeds += 1
                if state == .notBegun { found = (index + 1, lineFeeds) }
            }
        }
        self.state = state
        self.spaces = spaces
        return found
    }

    /// How many line feeds `bytes` holds.
    static func lineFeeds(in bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        guard var cursor = bytes.baseAddress else { return 0 }
        let end = cursor + bytes.count
        while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
            count += 1
            cursor = UnsafeRawPointer(found) + 1
        }
        return count
    }
}
