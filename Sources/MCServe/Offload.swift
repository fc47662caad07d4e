import Dispatch

/// Runs blocking work (validating a file, SQLite) on a Dispatch queue, not on the threads that
/// serve requests, and waits for it.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
