#if PostgreSQL
import Foundation
import MCStore
import MCStorePostgres
import MCTestSupport
import Testing

/// Two `serve` processes on one PostgreSQL store (here two service stores with sessions of their
/// own) receiving the same bytes for one awarding body at the same moment.
@Suite struct PostgresServiceStoreTests {
    private func submission(_ id: String) -> SubmissionRecord {
        SubmissionRecord(id: id, accountId: "acc1", awardingBodyId: "HS-1", sha256: "same-bytes", receivedAt: "2026-01-01T10:00:00Z",
                         file: "HS-1/\(id).csv", bytes: 10, receipt: #"{"id":"\#(id)"}"#, summary: #"{"id":"\#(id)"}"#)
    }

    @Test func theSameBytesAtOnceAreRecordedAndLandedOnce() throws {
        try PostgresTestDatabase.with { url in
            _ = try PostgresStores.open(url: url, access: .write, command: "tests")
            let first = try PostgresStores.openService(url: url)
            let second = try PostgresStores.openService(url: url)
            try first.insertAccount(AccountRecord(id: "acc1", role: "submitter", awardingBodies: ["HS-1"], label: nil, tokenSHA256: "d",
                                                  createdAt: "2026-01-01T00:00:00Z"))
            let watcher = try PostgresTestSession.open(url)
            defer { watcher.close() }
            let landings = Locked(0)
            let secondAnswer = Locked<String??>(nil)
            let secondDone = DispatchSemaphore(value: 0)
            // The first lands its file inside its transaction; while it does, the second's insert
            // of the same (body, bytes) waits for it (seen in pg_stat_activity: a lock wait).
            let firstAnswer = try first.recordSubmission(submission("s1")) {
                landings.withLock { $0 += 1 }
                Thread {
                    let answer = try? second.recordSubmission(submission("s2")) { landings.withLock { $0 += 1 } }
                    secondAnswer.withLock { $0 = .some(answer) }
                    secondDone.signal()
                }.start()
                let deadline = Date().addingTimeInterval(120)  // a hang guard, not a timing
                while try watcher.row("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO submissions%'")?.int(0) != 1 {
                    try #require(Date() < deadline, "the second insert never waited for the first")
                    usleep(20_000)
                }
            }
            secondDone.wait()
            #expect(firstAnswer == nil)
            #expect(secondAnswer.withLock { $0 } == .some(submission("s1").receipt))
            #expect(landings.withLock { $0 } == 1)
            #expect(try first.submissionReceipt(id: "s2") == nil)
        }
    }
}

/// A value behind a lock for the test's threads.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
#endif
