#if PostgreSQL
import Foundation
import MCStorePostgres
import MCTestSupport
import Testing

@Suite struct PostgresWriterLockTests {
    @Test func aSecondWriterIsTurnedAwayNamingTheHolder() throws {
        try PostgresTestSession.with { first, url in
            let lock = try PostgresWriterLock(session: first, command: "ingest")
            let second = try PostgresTestSession.open(url)
            defer { second.close() }
            let error = #expect(throws: PostgresStoreError.self) { _ = try PostgresWriterLock(session: second, command: "run") }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("is busy: another writer holds it (mcstat ingest, pid \(getpid()), since "))
            #expect(message.contains("pass --wait SECONDS"))
            #expect(error?.exitCode == 5)
            #expect(try PostgresWriterLock.holder(second)?.hasPrefix("mcstat ingest, pid \(getpid()), since ") == true)
            // Released: the next writer takes it, and the holder's name is its own again.
            try lock.release()
            #expect(try first.row("SHOW application_name")?.string(0) == "mcstat tests")
            #expect(try PostgresWriterLock.holder(second) == nil)
            let next = try PostgresWriterLock(session: second, command: "run")
            try next.release()
        }
    }

    @Test func aWriterWaitsForTheHolderWithinItsWait() throws {
        try PostgresTestSession.with { first, url in
            let lock = try PostgresWriterLock(session: first, command: "ingest")
            let second = try PostgresTestSession.open(url)
            defer { second.close() }
            // The holder lets go from another thread while the second writer waits (the wait is
            // a hang guard, far longer than the release takes).
            nonisolated(unsafe) let holder = lock
            let release = Thread { try? holder.release() }
            release.start()
            let taken = try PostgresWriterLock(session: second, command: "run", wait: 120)
            try taken.release()
        }
    }

    @Test func locksAreOneStoreEach() throws {
        try PostgresTestSession.with { first, _ in
            let lock = try PostgresWriterLock(session: first, command: "ingest")
            try PostgresTestSession.with { other, _ in
                let elsewhere = try PostgresWriterLock(session: other, command: "ingest")
                try elsewhere.release()
            }
            try lock.release()
        }
    }

    @Test func theURLsApplicationNameIsKeptAndShown() throws {
        try PostgresTestSession.with { _, url in
            let named = try PostgresTestSession.open(url + "?application_name=nightly-ops")
            defer { named.close() }
            let lock = try PostgresWriterLock(session: named, command: "ingest")
            let second = try PostgresTestSession.open(url)
            defer { second.close() }
            let holder = try PostgresWriterLock.holder(second) ?? ""
            #expect(holder.hasPrefix("nightly-ops, server process \(named.backendPID), connected since "))
            try lock.release()
        }
    }

    /// A holder killed with SIGKILL: the server ends its session and frees the lock. The holder
    /// is psql, a process of its own, holding the lock in an idle session as a writer between
    /// statements does.
    @Test func aKilledHoldersLockIsFreedByTheServer() throws {
        try PostgresTestSession.with { session, url in
            let location = try PostgresTestSession.location(url)
            let psql = Process()
            psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            psql.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", location.host, "-p", String(location.port),
                              "-U", location.user, "-d", location.database]
            var environment = ProcessInfo.processInfo.environment
            environment["PGAPPNAME"] = "mcstat ingest, pid 999999, since 2026-01-01T00:00:00Z, on db-7"
            psql.environment = environment
            let input = Pipe()
            let output = Pipe()
            psql.standardInput = input
            psql.standardOutput = output
            try psql.run()
            defer { if psql.isRunning { kill(psql.processIdentifier, SIGKILL) } }
            input.fileHandleForWriting.write(Data("SELECT pg_advisory_lock(\(PostgresWriterLock.key.0), \(PostgresWriterLock.key.1));\n\\echo locked\n".utf8))
            // Wait for psql to say it holds the lock (its output is the sync, no sleep).
            var said = Data()
            while !String(decoding: said, as: UTF8.self).contains("locked") {
                let chunk = output.fileHandleForReading.availableData
                try #require(!chunk.isEmpty, "psql ended before taking the lock")
                said.append(chunk)
            }
            let error = #expect(throws: PostgresStoreError.self) { _ = try PostgresWriterLock(session: session, command: "run") }
            #expect(error.map { "\($0)".contains("(mcstat ingest, pid 999999, since 2026-01-01T00:00:00Z, on db-7)") } == true)

            kill(psql.processIdentifier, SIGKILL)
            psql.waitUntilExit()
            // The server notices the closed connection and ends the session; the next writer
            // waits for that (up to a generous hang guard) and takes the lock.
            let lock = try PostgresWriterLock(session: session, command: "run", wait: 120)
            #expect(try PostgresWriterLock.holder(session)?.hasPrefix("mcstat run, pid \(getpid())") == true)
            try lock.release()
        }
    }
}
#endif
