#if PostgreSQL
import Foundation
import MCStorePostgres
import MCTestSupport
import Testing

@Suite struct PostgresSessionTests {
    @Test func connectsWithItsApplicationName() throws {
        try PostgresTestSession.with { _, url in
            let session = try PostgresTestSession.open(url, name: "mcstat session-test")
            defer { session.close() }
            #expect(session.backendPID > 0)
            let name = try session.row("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")?.string(0)
            #expect(name == "mcstat session-test")
        }
    }

    @Test func theURLsApplicationNameWins() throws {
        try PostgresTestSession.with { _, url in
            let session = try PostgresTestSession.open(url + "?application_name=ops-nightly")
            defer { session.close() }
            #expect(try session.row("SHOW application_name")?.string(0) == "ops-nightly")
        }
    }

    @Test func bindsRoundTrip() throws {
        try PostgresTestSession.with { session, _ in
            try session.execute("CREATE TABLE t (s text, i bigint, d double precision, b boolean, y bytea, n text, k integer)")
            let inserted = try session.execute("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7)",
                                               [.text("Zoë\t'quoted'"), .int(Int64.max), .double(2.5), .bool(true), .bytes([0, 255, 10]), .null, .int(7)])
            #expect(inserted == 1)
            let row = try #require(try session.row("SELECT s, i, d, b, y, n, k FROM t"))
            #expect(try row.string(0) == "Zoë\t'quoted'")
            #expect(try row.int(1) == Int.max)
            #expect(try row.double(2) == 2.5)
            #expect(try row.bool(3) == true)
            #expect(try row.bytes(4) == [0, 255, 10])
            #expect(try row.string(5) == nil && row.isNull(5))
            #expect(try row.int(6) == 7)
            #expect(try session.execute("UPDATE t SET k = k + 1") == 1)
        }
    }

    @Test func statementErrorsNameTheStatementNotTheValues() throws {
        try PostgresTestSession.with { session, _ in
            try session.execute("CREATE TABLE u (k text PRIMARY KEY)")
            try session.execute("INSERT INTO u VALUES ($1)", ["learner-4711"])
            let error = #expect(throws: PostgresStoreError.self) { try session.execute("INSERT INTO u VALUES ($1)", ["learner-4711"]) }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("INSERT INTO u VALUES ($1)"))
            #expect(message.contains("23505"))
            #expect(!message.contains("learner-4711"))
            #expect(error?.exitCode == 4)
            // The session goes on after a failed statement.
            #expect(try session.row("SELECT count(*) FROM u")?.int(0) == 1)
        }
    }

    @Test func streamsRowsInOrder() throws {
        try PostgresTestSession.with { session, _ in
            var count = 0
            var sum = 0
            var ordered = true
            try session.forEachRow("SELECT g FROM generate_series(1, $1::int) g ORDER BY g", [.int(100_000)], batchSize: 300) { row in
                let value = try row.int(0) ?? 0
                count += 1
                sum += value
                if value != count { ordered = false }
            }
            #expect(count == 100_000)
            #expect(sum == 100_000 * 100_001 / 2)
            #expect(ordered)
        }
    }

    /// Rows reach the caller while the server is still sending the result (200 MB, far more than
    /// the few batches and socket buffers between them): the result is streamed, never gathered.
    @Test func rowsArriveWhileTheServerIsStillSending() throws {
        try PostgresTestSession.with { session, url throws in
            let watcher = try PostgresTestSession.open(url)
            defer { watcher.close() }
            var stateAtFirstRow: String?
            var count = 0
            try session.forEachRow("SELECT g, repeat('x', 200) FROM generate_series(1, 1000000) g") { _ in
                if count == 0 {
                    stateAtFirstRow = try watcher.row("SELECT state FROM pg_stat_activity WHERE pid = $1", [.int(Int64(session.backendPID))])?.string(0)
                }
                count += 1
            }
            #expect(stateAtFirstRow == "active")
            #expect(count == 1_000_000)
        }
    }

    /// The caller stops after 1,000 rows of 200,000: the error comes back as it was thrown, and
    /// the session goes on with the next statement.
    @Test func stopsStreamingWhenTheCallerThrows() throws {
        struct Enough: Error {}
        try PostgresTestSession.with { session, _ throws in
            var seen = 0
            #expect(throws: Enough.self) {
                try session.forEachRow("SELECT g, repeat('x', 100) FROM generate_series(1, 200000) g") { _ in
                    seen += 1
                    if seen == 1_000 { throw Enough() }
                }
            }
            #expect(seen == 1_000)
            #expect(try session.row("SELECT 41 + 1")?.int(0) == 42)
        }
    }

    @Test func queryErrorsWhileStreamingAreThrown() throws {
        try PostgresTestSession.with { session, _ throws in
            let error = #expect(throws: PostgresStoreError.self) {
                try session.forEachRow("SELECT 1 / (g - 5000) FROM generate_series(1, 10000) g") { _ in }
            }
            #expect(error.map { "\($0)".contains("division by zero") } == true)
            #expect(try session.row("SELECT 1")?.int(0) == 1)
        }
    }

    @Test func oneStatementAtATime() throws {
        try PostgresTestSession.with { session, _ in
            var inner: PostgresStoreError?
            try session.forEachRow("SELECT g FROM generate_series(1, 3) g") { _ in
                do { try session.execute("SELECT 1") } catch let error as PostgresStoreError { inner = error } catch {}
            }
            #expect(inner.map { "\($0)".contains("one statement at a time") } == true)
        }
    }

    @Test func transactionsCommitAndRollBack() throws {
        struct Failure: Error {}
        try PostgresTestSession.with { session, url in
            try session.execute("CREATE TABLE t (v int)")
            _ = try session.transaction { try session.execute("INSERT INTO t VALUES (1)") }
            #expect(throws: Failure.self) {
                try session.transaction {
                    try session.execute("INSERT INTO t VALUES (2)")
                    throw Failure()
                }
            }
            try session.begin()
            try session.execute("INSERT INTO t VALUES (3)")
            // Another session does not see it before the commit.
            let other = try PostgresTestSession.open(url)
            defer { other.close() }
            #expect(try other.row("SELECT count(*) FROM t")?.int(0) == 1)
            try session.commit()
            #expect(try other.row("SELECT array_agg(v ORDER BY v)::text FROM t")?.string(0) == "{1,3}")
            try session.begin()
            try session.execute("DELETE FROM t")
            try session.rollback()
            #expect(try session.row("SELECT count(*) FROM t")?.int(0) == 2)
        }
    }

    @Test func copyLoadsRowsFromByteBuffers() throws {
        try PostgresTestSession.with { session, _ in
            try session.execute("CREATE TABLE c (id bigint, name text, note text)")
            let awkward = ["tab\there", "line\nbreak", "back\\slash", "cr\rhere", "Zoë ✓", "\\N", ""]
            try session.copy(into: "c", columns: ["id", "name", "note"]) { copy in
                var text = PostgresCopyBuffer(capacity: 1 << 16)
                for id in 0..<50_000 {
                    text.append(Int64(id))
                    text.append(awkward[id % awkward.count])
                    text.append(id % 3 == 0 ? nil : "n\(id)")
                    text.endRow()
                    if text.bytes.count > 60_000 {
                        try copy.write(text.bytes)
                        text.removeAll()
                    }
                }
                try copy.write(text.bytes)
            }
            #expect(try session.row("SELECT count(*), sum(id)::bigint FROM c").map { [try $0.int(0), try $0.int(1)] } == [50_000, 49_999 * 50_000 / 2])
            for (index, value) in awkward.enumerated() {
                #expect(try session.row("SELECT name FROM c WHERE id = $1", [.int(Int64(index))])?.string(0) == value)
            }
            #expect(try session.row("SELECT count(*) FROM c WHERE note IS NULL")?.int(0) == (50_000 + 2) / 3)
        }
    }

    @Test func anAbortedCopyStoresNothing() throws {
        struct Stop: Error {}
        try PostgresTestSession.with { session, _ in
            try session.execute("CREATE TABLE c (id bigint)")
            #expect(throws: Stop.self) {
                try session.copy(into: "c", columns: ["id"]) { copy in
                    try copy.write(Array("1\n2\n".utf8))
                    throw Stop()
                }
            }
            let open = try session.copyIn(table: "c", columns: ["id"])
            try open.write(Array("3\n".utf8))
            open.abort()
            #expect(try session.row("SELECT count(*) FROM c")?.int(0) == 0)
        }
    }

    @Test func aCopyTheServerRefusesThrowsAndTheSessionGoesOn() throws {
        try PostgresTestSession.with { session, _ in
            try session.execute("CREATE TABLE c (id bigint)")
            let error = #expect(throws: PostgresStoreError.self) {
                try session.copy(into: "c", columns: ["id"]) { copy in try copy.write(Array("1\nnot-a-number\n3\n".utf8)) }
            }
            #expect(error.map { "\($0)".contains("COPY c") && "\($0)".contains("22P02") } == true)
            #expect(try session.row("SELECT count(*) FROM c")?.int(0) == 0)
            // Inside a transaction the COPY is part of it.
            try session.begin()
            try session.copy(into: "c", columns: ["id"]) { copy in try copy.write(Array("5\n6\n".utf8)) }
            try session.rollback()
            #expect(try session.row("SELECT count(*) FROM c")?.int(0) == 0)
        }
    }

    @Test func aWrongPasswordIsRefusedWithoutEchoingIt() throws {
        try PostgresTestSession.with { session, url in
            try session.execute("CREATE ROLE mcstat_pw_\(getpid()) LOGIN PASSWORD 'right-one'")
            defer { _ = try? session.execute("DROP ROLE IF EXISTS mcstat_pw_\(getpid())") }
            let base = try PostgresTestSession.location(url)
            guard !base.isUnixSocket else { return }
            var location = base
            location.user = "mcstat_pw_\(getpid())"
            var environment = ProcessInfo.processInfo.environment
            environment["PGPASSWORD"] = "wrong-one-zz"
            let error = #expect(throws: PostgresStoreError.self) {
                _ = try PostgresSession(location: location, applicationName: "t", environment: environment)
            }
            #expect(error.map { "\($0)".contains("password authentication failed") && !"\($0)".contains("wrong-one-zz") } == true)
            #expect(error?.exitCode == 4)
            // From a password file instead (PGPASSWORD unset).
            environment["PGPASSWORD"] = nil
            let directory = try TemporaryDirectory()
            let file = try directory.write("pgpass", "\(location.host):\(location.port):*:mcstat_pw_\(getpid()):right-one\n")
            chmod(file, 0o600)
            location.passFile = file
            let good = try PostgresSession(location: location, applicationName: "t", environment: environment)
            #expect(try good.row("SELECT current_user")?.string(0) == "mcstat_pw_\(getpid())")
            good.close()
            // The same file open to others is ignored, with libpq's warning.
            chmod(file, 0o644)
            #expect(throws: PostgresStoreError.self) {
                _ = try PostgresSession(location: location, applicationName: "t", environment: environment)
            }
            #expect(PostgresPassFile.password(for: location, environment: environment).warnings.count == 1)
        }
    }

    @Test func anUnreachableServerIsExit4() throws {
        // A port nothing listens on (the test server's port + 1 is not guaranteed free, so
        // port 1, which needs root to listen on and is not PostgreSQL).
        let location = try PostgresLocation(url: "postgresql://u@127.0.0.1:1/d?sslmode=disable&connect_timeout=5", environment: [:], currentUser: "u")
        let error = #expect(throws: PostgresStoreError.self) { _ = try PostgresSession(location: location, applicationName: "t", environment: [:]) }
        #expect(error.map { "\($0)".hasPrefix("cannot connect to the store postgresql://u@127.0.0.1:1/d") } == true)
        #expect(error?.exitCode == 4)
    }
}
#endif
