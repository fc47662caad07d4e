import Foundation

/// The store's writer lock (`<store>.lock`, an exclusive `flock`): `ingest` and `run` take it, so
/// that two writers never overlap. The file names its holder (pid, command, since) for the one
/// that is turned away.
package final class WriterLock {
    private let descriptor: Int32

    /// Takes the lock. When another process holds it, tries again until `wait` seconds have
    /// passed (0: not at all), then throws ``PipelineError/storeBusy(path:holder:)``.
    package init(store: String, command: String, wait: Double = 0) throws(PipelineError) {
        let path = store + ".lock"
        // Never through a link: truncating the lock file must not truncate what a link names.
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "is a symbolic link; the lock file must be a regular file" : String(cString: strerror(errno))
            throw .output(path: path, reason: reason)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw .output(path: path, reason: "is not a regular file; the lock file must be one")
        }
        let deadline = Date().addingTimeInterval(max(0, wait))
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard Date() < deadline else {
                let holder = WriterLock.holder(descriptor)
                close(descriptor)
                throw .storeBusy(path: store, holder: holder)
            }
            usleep(100_000)
        }
        let since = ISO8601DateFormatter().string(from: Date())
        let line = Array("pid \(getpid()), \(command), since \(since)\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, line, line.count, 0)
    }

    /// What the holder wrote into the lock file.
    private static func holder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let text = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : ""
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.isEmpty ? "another mcstat process" : line
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
