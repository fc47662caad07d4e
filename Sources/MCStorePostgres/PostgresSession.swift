#if PostgreSQL
import Foundation
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import PostgresNIO
import Synchronization

/// One connection to a PostgreSQL store, used synchronously: every call blocks its caller until
/// the server answered, so pipeline threads and server tasks alike can use it as they use the
/// SQLite store. The session runs postgres-nio on an event loop and a queue of its own (no
/// shared or global state); it does one thing at a time: a statement issued while rows are being
/// read or a COPY is open is refused.
///
/// ```swift
/// let session = try PostgresSession(location: location, applicationName: "mcstat ingest")
/// try session.execute("CREATE TABLE t (a int, b text)")
/// try session.copy(into: "t", columns: ["a", "b"]) { copy in try copy.write(Array("1\tone\n".utf8)) }
/// try session.forEachRow("SELECT a, b FROM t WHERE a > $1", [0]) { row in print(try row.int(0)) }
/// ```
package final class PostgresSession: @unchecked Sendable {
    package let location: PostgresLocation
    /// What the password lookup warned about (a `.pgpass` open to others, ignored).
    package let warnings: [String]
    /// The server process of this session (`pg_backend_pid()`).
    package private(set) var backendPID: Int32 = 0
    private let group: MultiThreadedEventLoopGroup
    private let executor: SessionExecutor
    private let connection: PostgresConnection
    private let logger: Logger
    private let state = Mutex(State.idle)

    private enum State { case idle, busy, closed }

    /// Connects. `applicationName` is the session's name in `pg_stat_activity` unless the URL or
    /// `PGAPPNAME` gives one (libpq's fallback application name).
    package init(location: PostgresLocation, applicationName: String,
                 environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresStoreError) {
        self.location = location
        let lookup = PostgresPassFile.password(for: location, environment: environment)
        warnings = lookup.warnings
        let home = environment["HOME"] ?? PostgresPassFile.defaultPath(environment: [:]).map { ($0 as NSString).deletingLastPathComponent }
        let attempts = try PostgresTLS.attempts(for: location, home: home)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        executor = SessionExecutor(label: "mcstat.postgres.session")
        logger = Logger(label: "mcstat.postgres")
        let name = Self.truncated(location.applicationName ?? location.fallbackApplicationName ?? applicationName)
        var lastError: (any Error)?
        var connected: PostgresConnection?
        for (index, tls) in attempts.enumerated() {
            var configuration = location.isUnixSocket
                ? PostgresConnection.Configuration(unixSocketPath: "\(location.host)/.s.PGSQL.\(location.port)", username: location.user,
                                                   password: lookup.password, database: location.database)
                : PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                   password: lookup.password, database: location.database, tls: tls)
            if let seconds = location.connectTimeout { configuration.options.connectTimeout = .seconds(Int64(seconds)) }
            configuration.options.additionalStartupParameters = [("application_name", name)]
            let eventLoop = group.next()
            let logger = self.logger
            let config = configuration
            do {
                connected = try executor.blocking {
                    try await PostgresConnection.connect(on: eventLoop, configuration: config, id: index, logger: logger)
                }
                break
            } catch {
                lastError = error
            }
        }
        guard let connected else {
            try? group.syncShutdownGracefully()
            throw .cannotConnect(store: location.display, reason: Self.describe(lastError, passwordGiven: lookup.password != nil))
        }
        connection = connected
        do throws(PostgresStoreError) {
            if let first = try row("SELECT pg_backend_pid()") { backendPID = try first.decode(0, as: Int32.self) }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Whether the session has ended: closed here, or its connection lost (a server restart).
    package var isClosed: Bool { state.withLock { $0 == .closed } || connection.isClosed }

    /// Ends the session (the server releases its session locks); later calls fail.
    package func close() {
        let wasOpen = state.withLock { state -> Bool in
            defer { state = .closed }
            return state != .closed
        }
        guard wasOpen else { return }
        try? connection.close().wait()
        try? group.syncShutdownGracefully()
    }

    // MARK: Statements

    /// Runs one statement; returns the rows it touched (0 when the server does not say).
    @discardableResult
    package func execute(_ sql: String, _ binds: [PostgresValue] = []) throws(PostgresStoreError) -> Int {
        let query = try Self.query(sql, binds, display: location.display)
        let result = try run(sql) { connection, logger in
            let future: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
            return try await future.get()
        }
        return result.metadata.rows ?? 0
    }

    /// All rows of a query, in memory: for short results.
    package func rows(_ sql: String, _ binds: [PostgresValue] = []) throws(PostgresStoreError) -> [PostgresSessionRow] {
        let query = try Self.query(sql, binds, display: location.display)
        let result = try run(sql) { connection, logger in
            let future: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
            return try await future.get()
        }
        return result.rows.map { PostgresSessionRow($0, store: location.display) }
    }

    /// The first row of a query, if any.
    package func row(_ sql: String, _ binds: [PostgresValue] = []) throws(PostgresStoreError) -> PostgresSessionRow? {
        try rows(sql, binds).first
    }

    /// Streams a query's rows to `body` on the calling thread, a batch at a time, as the server
    /// sends them: memory holds a few batches, whatever the result's size. An error `body` throws
    /// is rethrown as it is once the rest of the result was read and dropped (the connection
    /// must be clear for the next statement): stop early with `LIMIT`, not by throwing.
    package func forEachRow(_ sql: String, _ binds: [PostgresValue] = [], batchSize: Int = 512,
                            _ body: (PostgresSessionRow) throws -> Void) throws {
        let query = try Self.query(sql, binds, display: location.display)
        try enter(sql)
        defer { leave() }
        let handoff = Handoff<[PostgresRow]>(capacity: 4)
        let ended = DispatchSemaphore(value: 0)
        let connection = self.connection, logger = self.logger
        executor.start({
            do {
                let sequence = try await connection.query(query, logger: logger)
                var batch: [PostgresRow] = []
                batch.reserveCapacity(batchSize)
                // Once the caller has stopped, the rest is read and dropped here rather than left to
                // postgres-nio's drain after a dropped iterator (which stalled: measured).
                var listening = true
                for try await row in sequence where listening {
                    batch.append(row)
                    if batch.count == batchSize {
                        listening = handoff.put(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if listening && !batch.isEmpty { _ = handoff.put(batch) }
                handoff.finish()
            } catch {
                handoff.finish(error)
            }
        }, done: ended)
        var bodyError: (any Error)?
        while bodyError == nil {
            let batch: [PostgresRow]?
            do { batch = try handoff.take() } catch {
                ended.wait()
                throw PostgresStoreError.database(store: location.display, operation: Self.operation(sql), reason: Self.describe(error))
            }
            guard let batch else { break }
            do { for row in batch { try body(PostgresSessionRow(row, store: location.display)) } } catch { bodyError = error }
        }
        if let bodyError {
            handoff.close()
            ended.wait()
            throw bodyError
        }
        ended.wait()
    }

    // MARK: Transactions

    package func begin() throws(PostgresStoreError) { try execute("BEGIN") }
    package func commit() throws(PostgresStoreError) { try execute("COMMIT") }
    package func rollback() throws(PostgresStoreError) { try execute("ROLLBACK") }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try begin()
        do {
            let value = try body()
            try commit()
            return value
        } catch {
            try? rollback()
            throw error
        }
    }

    // MARK: COPY

    /// Opens `COPY table (columns) FROM STDIN` (text format): write the rows' bytes into the
    /// returned ``PostgresCopyIn`` and finish it. The session does nothing else until then.
    package func copyIn(table: String, columns: [String]) throws(PostgresStoreError) -> PostgresCopyIn {
        let operation = "COPY \(table)"
        try enter(operation)
        let connection = self.connection, logger = self.logger
        return PostgresCopyIn(executor: executor, operation: operation, store: location.display, onEnd: { [weak self] in self?.leave() }) { chunks in
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                while let chunk = try chunks.take() { try await writer.write(chunk) }
            }
        }
    }

    /// `COPY … FROM STDIN` fed by `feed`; returns when the server has taken every row. An error
    /// `feed` throws aborts the COPY (nothing is stored) and is rethrown.
    package func copy(into table: String, columns: [String], _ feed: (PostgresCopyIn) throws -> Void) throws {
        let copy = try copyIn(table: table, columns: columns)
        do { try feed(copy) } catch {
            copy.abort()
            throw error
        }
        try copy.finish()
    }

    // MARK: Plumbing


    /// Runs one request on the session's queue, waiting for it.
    private func run<T: Sendable>(_ sql: String, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) throws(PostgresStoreError) -> T {
        try enter(sql)
        defer { leave() }
        let connection = self.connection, logger = self.logger
        do {
            return try executor.blocking { try await body(connection, logger) }
        } catch {
            throw .database(store: location.display, operation: Self.operation(sql), reason: Self.describe(error))
        }
    }

    private func enter(_ sql: String) throws(PostgresStoreError) {
        let previous = state.withLock { state -> State in
            defer { if state == .idle { state = .busy } }
            return state
        }
        switch previous {
        case .idle: return
        case .busy:
            throw .database(store: location.display, operation: Self.operation(sql),
                            reason: "the session is still reading rows or copying; one statement at a time")
        case .closed: throw .database(store: location.display, operation: Self.operation(sql), reason: "the session was closed")
        }
    }

    private func leave() { state.withLock { if $0 == .busy { $0 = .idle } } }

    private static func query(_ sql: String, _ binds: [PostgresValue], display: String) throws(PostgresStoreError) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .text(let text): bindings.append(text)
            case .int(let number): bindings.append(number)
            case .double(let number): bindings.append(number)
            case .bool(let flag): bindings.append(flag)
            case .bytes(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            case .timestamp(let date): bindings.append(date)
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// A statement named in a message: its first line, at most 80 characters (our SQL, never a
    /// bound value).
    static func operation(_ sql: String) -> String {
        let line = sql.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return line.count > 80 ? String(line.prefix(80)) + "…" : line
    }

    /// The server's message (and SQLSTATE) or the connection's failure, without detail fields
    /// that could hold a row's values.
    static func describe(_ error: (any Error)?, passwordGiven: Bool = true) -> String {
        guard let error else { return "no connection could be made" }
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                let state = psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                if psql.serverInfo?[.sqlState] == "28P01", !passwordGiven {
                    return "\(message)\(state); no password was found: give it in PGPASSWORD or ~/.pgpass"
                }
                return message + state
            }
            if psql.code == .authMechanismRequiresPassword {
                return "the server asks for a password: give it in PGPASSWORD or ~/.pgpass (mode 0600)"
            }
            if psql.code == .sslUnsupported { return "the server does not offer TLS, which the sslmode requires" }
            if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
            return "\(psql.code)"
        }
        if let store = error as? PostgresStoreError { return "\(store)" }
        return "\(error)"
    }

    /// `application_name` holds at most 63 bytes.
    static func truncated(_ name: String) -> String {
        var result = ""
        for character in name {
            if result.utf8.count + String(character).utf8.count > 63 { break }
            result.append(character)
        }
        return result
    }
}
#endif
