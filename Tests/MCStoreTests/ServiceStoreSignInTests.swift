import Foundation
import MCStore
import MCTestSupport
import Testing

/// The sign-in state through ``ServiceStore`` on every kind of store of the build: what any
/// store must do so that several services on it share sessions, nonces and failure counts.
@Suite struct ServiceStoreSignInTests {
    let directory: TemporaryDirectory
    init() throws {
        directory = try TemporaryDirectory()
    }

    static func account(_ id: String) -> AccountRecord {
        AccountRecord(id: id, role: "submitter", awardingBodies: ["HS-1"], label: nil, tokenSHA256: "d-\(id)", createdAt: "2026-01-01T00:00:00Z")
    }

    @Test(arguments: StoreBackend.all)
    func anAccountKeepsItsNewestSessionsAndAnotherServiceSeesThem(_ backend: StoreBackend) throws {
        defer { directory.remove() }
        try backend.withServiceStore(in: directory) { tables, reopen in
            try tables.insertAccount(Self.account("acc1"))
            try tables.insertAccount(Self.account("acc2"))
            // Four sessions opened within one millisecond: the oldest ends, by the order they came.
            for n in 1...4 {
                try tables.openPageSession(PageSessionRecord(idSHA256: "s\(n)", accountId: "acc1", expiresMs: 5_000), maxPerAccount: 3, now: 1_000)
            }
            try tables.openPageSession(PageSessionRecord(idSHA256: "t1", accountId: "acc2", expiresMs: 2_000), maxPerAccount: 3, now: 1_000)
            let other = try reopen()
            #expect(try other.pageSession(idSHA256: "s1", now: 1_000) == nil)
            #expect(try other.pageSession(idSHA256: "s4", now: 4_999) == PageSessionRecord(idSHA256: "s4", accountId: "acc1", expiresMs: 5_000))
            #expect(try other.pageSession(idSHA256: "t1", now: 2_000) == nil, "expired at its time")
            try other.closePageSession(idSHA256: "s2")
            #expect(try tables.pageSession(idSHA256: "s2", now: 1_000) == nil)
            #expect(try tables.pageSession(idSHA256: "s3", now: 1_000) != nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aNonceIsTakenOnceWhicheverServiceAsks(_ backend: StoreBackend) throws {
        defer { directory.remove() }
        try backend.withServiceStore(in: directory) { tables, reopen in
            try tables.issueSignInNonce(sha256: "n1", expiresMs: 2_000, capacity: 10, now: 1_000)
            try tables.issueSignInNonce(sha256: "n2", expiresMs: 2_000, capacity: 10, now: 1_000)
            let other = try reopen()
            #expect(try other.consumeSignInNonce(sha256: "n1", now: 1_999))
            #expect(try !tables.consumeSignInNonce(sha256: "n1", now: 1_999))
            #expect(try !other.consumeSignInNonce(sha256: "n2", now: 2_000), "expired")
            #expect(try !other.consumeSignInNonce(sha256: "never", now: 1_000))
        }
    }

    @Test(arguments: StoreBackend.all)
    func failuresOfOneKeyAddUpWithinTheirWindow(_ backend: StoreBackend) throws {
        defer { directory.remove() }
        try backend.withServiceStore(in: directory) { tables, reopen in
            let other = try reopen()
            try tables.recordSignInFailure(keys: ["k1"], now: 1_000, windowMs: 60_000)
            try other.recordSignInFailure(keys: ["k1", "k2"], now: 30_000, windowMs: 60_000)
            let open = try tables.signInFailures(keys: ["k1", "k2", "k3"], now: 60_999, windowMs: 60_000).sorted { $0.keySHA256 < $1.keySHA256 }
            #expect(open == [SignInFailureWindow(keySHA256: "k1", startMs: 1_000, failures: 2),
                             SignInFailureWindow(keySHA256: "k2", startMs: 30_000, failures: 1)])
            #expect(try other.signInFailures(keys: ["k1"], now: 61_000, windowMs: 60_000).isEmpty, "k1's window ended")
            try other.recordSignInFailure(keys: ["k1"], now: 61_000, windowMs: 60_000)
            #expect(try tables.signInFailures(keys: ["k1"], now: 61_000, windowMs: 60_000)
                == [SignInFailureWindow(keySHA256: "k1", startMs: 61_000, failures: 1)], "a new window, counted from one")
        }
    }
}
