internal import Crypto
import Foundation

/// Where a record that could not be read apart lies in its file: the bytes from the start of its
/// first line up to the next record's first line (or the end of the file), trailing line ends
/// and blanks left out, and their SHA-256. The quarantine keeps this instead of the record,
/// whose learner id cannot be told apart from its other values.
struct RecordBytes: Sendable, Equatable {
    var start: Int
    var end: Int
    var sha256: String

    /// A span of lines: from `first` up to (not including) `next`, or to the end when nil.
    struct Lines: Sendable {
        var first: Int
        var next: Int?
    }

    /// The bytes of each span in the file at `path` (lines counted from 1 at each `\n`), in one
    /// pass to find the lines and one read per span.
    static func locate(_ spans: [Lines], in path: String) -> [RecordBytes]? {
        guard !spans.isEmpty, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let wanted = Set(spans.flatMap { [$0.first] + ($0.next.map { [$0] } ?? []) })
        var starts: [Int: Int] = [1: 0]
        var line = 1
        var offset = 0
        let last = wanted.max() ?? 1
        while line < last, let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            for (index, byte) in chunk.enumerated() where byte == 0x0A {
                line += 1
                if wanted.contains(line) { starts[line] = offset + index + 1 }
                if line >= last { break }
            }
            offset += chunk.count
        }
        guard let size = try? handle.seekToEnd() else { return nil }
        return spans.map { span in
            let start = starts[span.first] ?? Int(size)
            let end = span.next.flatMap { starts[$0] } ?? Int(size)
            return bytes(handle, from: start, to: max(start, end))
        }
    }

    /// The span `start..<end` with trailing blanks and line ends cut off, and its SHA-256.
    private static func bytes(_ handle: FileHandle, from start: Int, to end: Int) -> RecordBytes {
        var trimmedEnd = end
        while trimmedEnd > start {
            let from = max(start, trimmedEnd - 4096)
            guard (try? handle.seek(toOffset: UInt64(from))) != nil, let tail = try? handle.read(upToCount: trimmedEnd - from) else { break }
            var cut = tail.count
            while cut > 0, [0x0A, 0x0D, 0x20, 0x09].contains(tail[tail.startIndex + cut - 1]) { cut -= 1 }
            trimmedEnd = from + cut
            if cut > 0 { break }
        }
        var hasher = SHA256()
        var position = start
        try? handle.seek(toOffset: UInt64(start))
        while position < trimmedEnd, let chunk = try? handle.read(upToCount: min(1 << 20, trimmedEnd - position)), !chunk.isEmpty {
            hasher.update(data: chunk)
            position += chunk.count
        }
        return RecordBytes(start: start, end: trimmedEnd, sha256: hasher.finalize().hexString)
    }
}
