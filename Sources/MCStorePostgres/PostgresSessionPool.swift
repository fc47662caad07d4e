#if PostgreSQL
import Dispatch
import Foundation

/// Up to `size` sessions to one store, shared by the threads and tasks of a service: each
/// request borrows one for its statement or transaction and gives it back. A session whose
/// connection was lost is dropped and a new one made at the next request.
final class PostgresSessionPool: @unchecked Sendable {
    private let location: PostgresLocation
    private let applicationName: String
    private let environment: [String: String]
    private let idle = Locked<[PostgresSession]>([])
    private let slots: DispatchSemaphore

    init(location: PostgresLocation, applicationName: String, environment: [String: String], size: Int) {
        self.location = location
        self.applicationName = applicationName
        self.environment = environment
        slots = DispatchSemaphore(value: max(1, size))
    }

    /// Runs `body` with a session of its own for the time of the call.
    func with<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let session = try idle.withLock { $0.popLast() }.flatMap { $0.isClosed ? nil : $0 }
            ?? PostgresSession(location: location, applicationName: applicationName, environment: environment)
        defer { if !session.isClosed { idle.withLock { $0.append(session) } } }
        return try body(session)
    }

    /// Ends every idle session.
    func close() {
        for session in idle.withLock({ sessions in defer { sessions.removeAll() }; return sessions }) { session.close() }
    }
}
#endif
