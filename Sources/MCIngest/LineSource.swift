#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import MCModel

/// The physical lines of a file, read in fixed-size chunks so that memory holds one line (at most
/// ``maxLineBytes``), never the file.
struct LineSource {
    /// Longest line accepted (64 MiB).
    static let maxLineBytes = 64 << 20
    let path: String
    private let closer: FileCloser
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var scanFrom = 0
    private var endOfFile = false
    /// Number of the last line handed out (0 before the first).
    private(set) var line = 0

    /// Opens `path`; throws ``IngestError/unreadable(path:reason:)`` when it cannot.
    init(path: String) throws(IngestError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        closer = FileCloser(descriptor: descriptor)
    }

    /// The next physical line (without its line break, CR included) and its number; nil at the end.
    mutating func next() throws(IngestError) -> ([UInt8], Int)? {
        while true {
            if let newline = buffer[scanFrom...].firstIndex(of: 0x0A) {
                var bytes = Array(buffer[start..<newline])
                if bytes.last == 0x0D { bytes.removeLast() }
                start = newline + 1
                scanFrom = start
                line += 1
                return (bytes, line)
            }
            if endOfFile {
                guard start < buffer.count else { return nil }
                var bytes = Array(buffer[start...])
                if bytes.last == 0x0D { bytes.removeLast() }
                start = buffer.count
                line += 1
                return (bytes, line)
            }
            // Drop consumed bytes before reading more.
            buffer.removeSubrange(..<start)
            start = 0
            scanFrom = buffer.count
            if buffer.count > LineSource.maxLineBytes {
                throw .malformed(path: path, line: line + 1, reason: "a line longer than 64 MiB")
            }
            let descriptor = closer.descriptor
            let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if read < 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            if read == 0 { endOfFile = true } else { buffer.append(contentsOf: chunk[..<read]) }
        }
    }
}
