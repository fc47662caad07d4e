#if PostgreSQL
import Dispatch
package import NIOCore
internal import PostgresNIO

/// An open `COPY … FROM STDIN` of a ``PostgresSession``: the caller writes the rows' bytes (text
/// format: tab-separated, `\N` for NULL, one line per row; ``PostgresCopyBuffer`` builds them) and
/// finishes, or aborts so that nothing is stored. Writes wait while the server is behind, so
/// memory holds a few chunks whatever the size of the data.
package final class PostgresCopyIn: @unchecked Sendable {
    private let chunks = Handoff<ByteBuffer>(capacity: 4)
    private let ended = DispatchSemaphore(value: 0)
    private let failure = Locked<(any Error)?>(nil)
    private let operation: String
    private let store: String
    private let onEnd: @Sendable () -> Void
    private var open = true

    /// Thrown into the COPY when the caller aborts it.
    struct Aborted: Error {}

    init(executor: SessionExecutor, operation: String, store: String, onEnd: @escaping @Sendable () -> Void,
         run: @escaping @Sendable (Handoff<ByteBuffer>) async throws -> Void) {
        self.operation = operation
        self.store = store
        self.onEnd = onEnd
        let chunks = self.chunks, failure = self.failure
        executor.start({
            do { try await run(chunks) } catch {
                failure.withLock { $0 = error }
                chunks.close()
            }
        }, done: ended)
    }

    deinit { abort() }

    /// Sends `bytes` (whole rows or not: the server joins them).
    package func write(_ bytes: [UInt8]) throws(PostgresStoreError) { try write(ByteBuffer(bytes: bytes)) }

    package func write(_ buffer: ByteBuffer) throws(PostgresStoreError) {
        guard open else { throw .database(store: store, operation: operation, reason: "the COPY has ended") }
        guard chunks.put(buffer) else {
            end()
            throw .database(store: store, operation: operation, reason: PostgresSession.describe(failure.withLock { $0 }))
        }
    }

    /// Ends the data and waits for the server to take it; throws what the server refused.
    package func finish() throws(PostgresStoreError) {
        guard open else { throw .database(store: store, operation: operation, reason: "the COPY has ended") }
        chunks.finish()
        end()
        if let error = failure.withLock({ $0 }) {
            throw .database(store: store, operation: operation, reason: PostgresSession.describe(error))
        }
    }

    /// Abandons the COPY: the server stores none of its rows.
    package func abort() {
        guard open else { return }
        chunks.finish(Aborted())
        end()
    }

    private func end() {
        guard open else { return }
        open = false
        ended.wait()
        onEnd()
    }
}
#endif
