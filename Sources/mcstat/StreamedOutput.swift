import Foundation

/// Where a command's report goes, piece by piece as it is made: standard output, or a file
/// (created or truncated in place: a link is written through and a device such as `/dev/null`
/// stays a device, never replaced by a new file). Writes are buffered; a write that fails is exit 4.
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
        // open(2), not FileManager.createFile: that one writes a new file and renames it over the
        // path, which replaces a link or a device (as root, /dev/null itself) with a plain file.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))", exitCode: 4)
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
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
