import Foundation

/// The full validation report of one upload (the `validate --format json` document), written
/// piece by piece while the upload is read: a new private file (mode 0600), never whole in memory.
final class ValidationReportFile {
    let path: String
    private let handle: FileHandle

    init(path: String) throws(ServeError) {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .inbox(path: path, reason: "cannot create the validation report: \(String(cString: strerror(errno)))")
        }
        fchmod(descriptor, 0o600)
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    func write(_ data: Data) throws {
        try handle.write(contentsOf: data)
    }

    /// Flushes the report to disk.
    func finish() throws {
        try handle.synchronize()
    }

    /// Removes the report (its upload did not land).
    func remove() {
        unlink(path)
    }
}
