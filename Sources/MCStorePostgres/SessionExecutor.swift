#if PostgreSQL
import Dispatch

/// The thread a ``PostgresSession``'s async work runs on: a serial dispatch queue of its own, so
/// that a caller blocked on the session (a pipeline thread, or a server task) never waits for a
/// thread of Swift's cooperative pool, and the session may block this queue while it hands rows
/// or COPY data to and from its caller.
final class SessionExecutor: TaskExecutor {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs `operation` on this executor and waits for it on the calling thread.
    func blocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Locked<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: self) {
            let result: Result<T, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// Starts `operation` on this executor without waiting; `done` is signalled when it ends.
    func start(_ operation: @escaping @Sendable () async -> Void, done: DispatchSemaphore) {
        Task(executorPreference: self) {
            await operation()
            done.signal()
        }
    }
}
#endif
