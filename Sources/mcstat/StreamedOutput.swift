import Foundation

/// Where a command's report goes, piece by piece as it is made: standard output, or a file
/// (created or truncated). Writes are buffered; a write that fails is exit 4.
final class StreamedOutput {
    private let handle: FileHandle
    private let path: String?
    private var buffer = Data()

    /// Opens `path` for writing, or standard output when nil.
    init(path: String?) throws {
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let file = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))", exitCode: 4)
        }
        handle = file
    }

    deinit { if path != nil { try? handle.close() } }

    /// Appends `data`, writing out every 256 KB.
    func write(_ data: Data) throws {
        buffer.append(data)
        if buffer.count >= 1 << 18 { try flush() }
    }

    /// Writes out what is buffered.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Runs `body`, turning a failed write into exit 4 naming the output.
    func guarded(_ body: () throws -> Void) throws {
        do { try body() } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(message: "cannot write \(path ?? "standard output"): \(error.localizedDescription)", exitCode: 4)
        }
    }
}
