import Foundation
import MCServe
import MCTestSupport
import Synchronization
import Testing

/// The sign-in state's times are the wall clock's, as stored: a session, a nonce or a failure
/// window ends when its time is up, and the rows that ended are dropped by the next write.
/// On every store kind of the build, with the time given.
@Suite struct SignInStateExpiryTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A clock the test moves.
    final class TestClock: Sendable {
        private let now = Mutex(SignInStateExpiryTests.start)
        var date: Date { now.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// `body` with the service tables of a new store of `backend`'s kind and its `--store` value.
    static func withDatabase(_ backend: StoreBackend, _ body: (ServiceDatabase, String) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        try backend.withStore(in: directory) { store in try body(try ServiceDatabase(path: store), store) }
    }

    @Test(arguments: StoreBackend.all)
    func aSessionEndsWhenItsLifetimeIsUpAndTheNextSignInDropsIt(_ backend: StoreBackend) throws {
        try Self.withDatabase(backend) { database, store in
            let clock = TestClock()
            let sessions = SessionStore(database: database, lifetime: .seconds(60), clock: { clock.date })
            let account = try AccountStore(database: database).add(role: .submitter, awardingBodies: ["DE-HRK-0815"], label: nil).account
            let opened = try sessions.open(for: account)
            #expect(opened.expires == Self.start.addingTimeInterval(60))
            clock.advance(59.999)
            let found = try #require(try sessions.session(opened.id))
            #expect(found.accountId == account.id && found.csrfToken == opened.csrfToken)
            clock.advance(0.001)
            #expect(try sessions.session(opened.id) == nil)
            #expect(try StoredRows.rows(of: "page_sessions", in: store).count == 1)
            let next = try sessions.open(for: account)
            #expect(try StoredRows.rows(of: "page_sessions", in: store).count == 1, "the expired session was dropped")
            #expect(try sessions.session(next.id) != nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aNonceIsGoodForItsLifetimeOnceAndAtMostCapacityAreKept(_ backend: StoreBackend) throws {
        try Self.withDatabase(backend) { database, store in
            let nonces = SignInNonces(database: database, lifetime: .seconds(3600), capacity: 3)
            let early = try nonces.issue(now: Self.start)
            #expect(try nonces.consume(early, now: Self.start.addingTimeInterval(3599)))
            #expect(try !nonces.consume(early, now: Self.start.addingTimeInterval(3599)), "used up")
            let late = try nonces.issue(now: Self.start)
            #expect(try !nonces.consume(late, now: Self.start.addingTimeInterval(3600)), "expired")
            _ = try nonces.issue(now: Self.start)
            let later = Self.start.addingTimeInterval(7200)
            let fresh = try (0..<5).map { _ in try nonces.issue(now: later) }
            #expect(try StoredRows.rows(of: "sign_in_nonces", in: store).count == 3, "expired ones dropped, then the oldest beyond 3")
            #expect(try fresh.map { try nonces.consume($0, now: later) } == [false, false, true, true, true])
        }
    }

    @Test(arguments: StoreBackend.all)
    func failuresCountInFixedWindowsOfWallClockTime(_ backend: StoreBackend) throws {
        try Self.withDatabase(backend) { database, store in
            let limiter = SignInLimiter(database: database, limit: 2, window: .seconds(60))
            let other = SignInLimiter(database: database, limit: 2, window: .seconds(60))
            let key = ["address:203.0.113.9"]
            try limiter.recordFailure(key, now: Self.start)
            #expect(try limiter.retryAfter(key, now: Self.start.addingTimeInterval(1)) == nil)
            try other.recordFailure(key, now: Self.start.addingTimeInterval(10))
            // The window started at the first failure and ends 60 s after it: 40 s to wait at +20 s.
            #expect(try limiter.retryAfter(key, now: Self.start.addingTimeInterval(20)) == 41)
            #expect(try other.retryAfter(key + ["address:198.51.100.1"], now: Self.start.addingTimeInterval(59.5)) == 1)
            #expect(try limiter.retryAfter(key, now: Self.start.addingTimeInterval(60)) == nil)
            // A failure after the window starts a new one, counted from one.
            try limiter.recordFailure(key, now: Self.start.addingTimeInterval(60))
            #expect(try limiter.retryAfter(key, now: Self.start.addingTimeInterval(61)) == nil)
            try limiter.recordFailure(["address:198.51.100.1"], now: Self.start.addingTimeInterval(125))
            #expect(try StoredRows.rows(of: "sign_in_failures", in: store).count == 1, "the ended window was dropped")
        }
    }
}
