import Foundation
import MCIngest
import MCModel

/// Shared by every fuzz target: the input bytes written to a file (the readers read files),
/// then read to the end the way `validate` does. Any trap or sanitizer report is a finding;
/// thrown ``IngestError``s are the expected answer to bad bytes.
enum FuzzInput {
    /// One file per fuzzing process, rewritten for every input.
    static let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("mcstat-fuzz-\(getpid())").path

    /// Writes the input to ``path`` and returns it.
    static func write(_ data: UnsafeRawPointer, _ size: Int) -> String {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
        return path
    }

    /// Every record of `reader`, and its file-level issues, pulled through once.
    static func drain(_ reader: inout any RecordReader) {
        var records = 0
        while true {
            do {
                guard let record = try reader.next() else { break }
                records += 1
                consume(record)
            } catch {
                _ = error.message
                break
            }
        }
        _ = reader.fileIssues.map(\.message)
    }

    /// Reads `path` through format detection and ``ReaderFactory`` as every command does.
    /// Returns the detected format, nil when the file was refused.
    @discardableResult
    static func readDetected(_ path: String) -> InputFormat? {
        let format = try? FormatDetector.detect(path: path)
        do {
            var reader = try ReaderFactory.open(path: path)
            drain(&reader)
        } catch {
            _ = error.message
        }
        return format
    }

    /// Reads `path` with one reader directly, whatever detection says, so the fuzzer can reach
    /// that reader's corners from inputs that detection sends elsewhere.
    static func read(_ path: String, with open: (String) throws(IngestError) -> any RecordReader) {
        do {
            var reader = try open(path)
            drain(&reader)
        } catch {
            _ = error.message
        }
    }

    /// One input of a single-reader target: read through detection and the factory, and when
    /// detection says another format, read with `open` directly too.
    static func fuzz(_ data: UnsafeRawPointer, _ size: Int, as format: InputFormat,
                     open: (String) throws(IngestError) -> any RecordReader) -> CInt {
        let path = write(data, size)
        if readDetected(path) != format { read(path, with: open) }
        return 0
    }

    /// Touches every value so that nothing is optimised away.
    private static func consume(_ record: RawRecord) {
        var length = 0
        for (key, value) in record.values { length &+= key.utf8.count &+ value.joined.utf8.count }
        if let damage = record.damage { length &+= damage.message.utf8.count }
        if length == -1 { print(record.provenance.record) }
    }
}
