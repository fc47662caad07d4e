#if PostgreSQL
import Foundation

/// The one-writer rule on a PostgreSQL store: a session advisory lock on a fixed key, taken by
/// `ingest`, `run` and every other writer. The server releases it when the holding session ends,
/// also when the writer was killed (its connection closes). The holder names itself in its
/// session's `application_name` (`mcstat ingest, pid 4242, since …, on host`), which a writer
/// turned away reads from `pg_stat_activity` for its message (exit 5), as the SQLite store's
/// lock file does.
package final class PostgresWriterLock {
    /// The advisory lock's key: the pair ("mcst", 1) in the current database.
    package static let key: (Int64, Int64) = (0x6D63_7374, 1)
    private let session: PostgresSession
    private var held = true

    /// Takes the lock on `session`'s connection, trying again for up to `wait` seconds (0: once),
    /// then throws ``PostgresStoreError/busy(store:holder:)``.
    package init(session: PostgresSession, command: String, wait: Double = 0) throws(PostgresStoreError) {
        self.session = session
        let deadline = Date().addingTimeInterval(max(0, wait))
        while try session.row("SELECT pg_try_advisory_lock($1::int, $2::int)", [.int(Self.key.0), .int(Self.key.1)])?.bool(0) != true {
            guard Date() < deadline else {
                throw .busy(store: session.location.display, holder: try Self.holder(session) ?? "another mcstat process")
            }
            usleep(100_000)
        }
        // Name the holder, unless the URL or PGAPPNAME named the session.
        guard session.location.applicationName == nil else { return }
        let since = ISO8601DateFormatter().string(from: Date())
        let host = ProcessInfo.processInfo.hostName
        let name = PostgresSession.truncated("mcstat \(command), pid \(getpid()), since \(since), on \(host)")
        try session.execute("SELECT set_config('application_name', $1, false)", [.text(name)])
    }

    /// Gives the lock back (the session goes on). Closing the session does it too.
    package func release() throws(PostgresStoreError) {
        guard held else { return }
        held = false
        try session.execute("SELECT pg_advisory_unlock($1::int, $2::int)", [.int(Self.key.0), .int(Self.key.1)])
        if session.location.applicationName == nil { try session.execute("RESET application_name") }
    }

    /// Who holds the lock in `session`'s database, from `pg_stat_activity`; nil when no one does.
    package static func holder(_ session: PostgresSession) throws(PostgresStoreError) -> String? {
        let row = try session.row("""
            SELECT a.application_name, a.pid, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
              AND l.classid::bigint = $1 AND l.objid::bigint = $2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, [.int(key.0), .int(key.1)])
        guard let row else { return nil }
        let name = try row.string(0) ?? ""
        if name.hasPrefix("mcstat ") { return name }
        let pid = try row.int(1).map(String.init) ?? "?"
        let since = try row.string(2) ?? "?"
        return name.isEmpty ? "server process \(pid), connected since \(since)"
                            : "\(name), server process \(pid), connected since \(since)"
    }
}
#endif
