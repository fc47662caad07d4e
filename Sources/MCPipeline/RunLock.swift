import Foundation

/// An exclusive lock beside the store (`<store>.lock`) so that two runs never overlap.
public final class RunLock {
    private let descriptor: Int32

    /// Takes the lock or throws ``PipelineError/storeBusy(path:)`` at once when another process
    /// holds it.
    public init(store: String) throws(PipelineError) {
        let path = store + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw .output(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .storeBusy(path: store)
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
