import Foundation

/// An unlinked file in the temporary folder, for what would otherwise grow in memory with the
/// store (``ReleaseSpill``, ``VersionSorter``): written at its end, read anywhere, closed when the
/// last reference goes.
package final class SpillFile: Sendable {
    private let descriptor: Int32

    /// What went wrong with a spill file (the step, and `errno`).
    package enum SpillError: Error, CustomStringConvertible {
        case io(String, Int32)
        package var description: String {
            switch self {
            case let .io(step, code): "cannot \(step) in a temporary file: \(String(cString: strerror(code)))"
            }
        }
    }

    /// Opens a new unlinked file.
    package init() throws(SpillError) {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("mcstat-spill-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .io("create a temporary file", errno) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Writes `bytes` at `offset`; `step` names it in an error.
    package func write(_ bytes: some ContiguousBytes, at offset: Int, _ step: @autoclosure () -> String) throws(SpillError) {
        let failure: Int32? = bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let wrote = pwrite(descriptor, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                if wrote < 0 && errno == EINTR { continue }
                guard wrote > 0 else { return wrote < 0 ? errno : EIO }
                done += wrote
            }
            return nil
        }
        if let failure { throw .io(step(), failure) }
    }

    /// The `count` bytes at `offset`; `step` names it in an error.
    package func read(at offset: Int, count: Int, _ step: @autoclosure () -> String) throws(SpillError) -> Data {
        guard count > 0 else { return Data() }
        var data = Data(count: count)
        let done = data.withUnsafeMutableBytes { raw in
            var done = 0
            while done < count {
                let got = pread(descriptor, raw.baseAddress! + done, count - done, off_t(offset + done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                done += got
            }
            return done
        }
        guard done == count else { throw .io(step(), errno == 0 ? EIO : errno) }
        return data
    }

    /// Empties the file, for its next use.
    package func truncate() throws(SpillError) {
        guard ftruncate(descriptor, 0) == 0 else { throw .io("empty a temporary file", errno) }
    }
}
