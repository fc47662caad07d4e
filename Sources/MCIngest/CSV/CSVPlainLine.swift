#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a plain line the way libcsv would, without libcsv's byte-by-byte state machine: most
/// lines of an export are fields with no leading or trailing space, some of them quoted without
/// a quote or line break inside, and for such a line libcsv's fields are plainly the bytes
/// between the delimiters (a quoted field's without its quotes). Anything else — a quote inside
/// a field or after a closing one (`""`, `"a"b`), a space or tab at either end of an unquoted
/// field, a quoted field that does not close on the line, an empty line — is left to libcsv
/// (the line is then not taken), so the rows are libcsv's, field for field.
extension CSVTokenizerState {
    /// Whether `delimiter` lets plain lines be read on their own: not a byte libcsv treats
    /// apart (quote, space, tab, CR, LF).
    static func readsPlainLines(delimiter: UInt8) -> Bool {
        ![UInt8(ascii: "\""), 0x20, 0x09, 0x0D, 0x0A].contains(delimiter)
    }

    /// Appends the fields and the end of the row that `line` (a whole line without its line
    /// feed, holding no CR and no NUL, read with libcsv between rows) holds, when it is plain;
    /// returns false, having appended nothing, when it is not.
    mutating func appendPlainLine(_ line: UnsafeRawBufferPointer, delimiter: UInt8) -> Bool {
        guard let base = line.baseAddress, !line.isEmpty, line.count <= maxFieldBytes else { return false }
        let (bytesBefore, endsBefore) = (bytes.count, ends.count)
        let count = line.count
        let quote = UInt8(ascii: "\"")
        let bytes = line.assumingMemoryBound(to: UInt8.self).baseAddress!
        /// Where the next quote at or after `start` is; `count` when none is.
        func nextQuote(_ start: Int) -> Int {
            memchr(base + start, Int32(quote), count - start).map { UnsafeRawPointer($0) - base } ?? count
        }
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        // The next quote at or after the field being read.
        var quoteAt = nextQuote(0)
        var start = 0
        while true {
            var end: Int
            if start < count && bytes[start] == quote {
                // A quoted field: it must close on this line, right before a delimiter or the end.
                let close = nextQuote(start + 1)
                guard close < count, close + 1 == count || bytes[close + 1] == delimiter else {
                    self.bytes.truncate(to: bytesBefore)
                    ends.truncate(to: endsBefore)
                    return false
                }
                self.bytes.append(bytes + start + 1, count: close - start - 1)
                end = close + 1
                quoteAt = end < count ? nextQuote(end + 1) : count
            } else {
                end = memchr(base + start, Int32(delimiter), count - start).map { UnsafeRawPointer($0) - base } ?? count
                // An unquoted field: no quote in it, no space or tab at either end.
                guard quoteAt >= end, end == start || (!isSpace(bytes[start]) && !isSpace(bytes[end - 1])) else {
                    self.bytes.truncate(to: bytesBefore)
                    ends.truncate(to: endsBefore)
                    return false
                }
                if end > start { self.bytes.append(bytes + start, count: end - start) }
            }
            ends.append(self.bytes.count)
            if end == count { break }
            start = end + 1
        }
        lines.append(rowStartLine)
        firstFields.append(ends.count)
        plainRows += 1
        return true
    }
}
