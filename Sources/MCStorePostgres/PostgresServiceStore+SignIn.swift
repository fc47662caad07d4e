#if PostgreSQL
package import MCStore

/// The sign-in state (`page_sessions`, `sign_in_nonces`, `sign_in_failures`, migration
/// `v11-sign-in-state`), so that a load balancer may send any request of a browser to any
/// service on the store.
extension PostgresServiceStore {
    package func openPageSession(_ session: PageSessionRecord, maxPerAccount: Int, now: Int64) throws(StoreError) {
        try transaction { db throws(PostgresStoreError) in
            // The account's row, locked: two services signing it in at once take turns here.
            try db.execute("SELECT id FROM accounts WHERE id = $1 FOR UPDATE", [.text(session.accountId)])
            try db.execute("DELETE FROM page_sessions WHERE expires_ms <= $1", [.int(now)])
            try db.execute("""
                DELETE FROM page_sessions WHERE seq IN (
                    SELECT seq FROM page_sessions WHERE account_id = $1 ORDER BY expires_ms DESC, seq DESC OFFSET $2)
                """, [.text(session.accountId), .int(max(0, maxPerAccount - 1))])
            try db.execute("INSERT INTO page_sessions (id_sha256, account_id, expires_ms) VALUES ($1, $2, $3)",
                                 [.text(session.idSHA256), .text(session.accountId), .int(session.expiresMs)])
        }
    }

    package func pageSession(idSHA256: String, now: Int64) throws(StoreError) -> PageSessionRecord? {
        try run { session throws(PostgresStoreError) in
            try session.row("SELECT account_id, expires_ms FROM page_sessions WHERE id_sha256 = $1 AND expires_ms > $2",
                            [.text(idSHA256), .int(now)]).map { row throws(PostgresStoreError) in
                PageSessionRecord(idSHA256: idSHA256, accountId: try row.string(0) ?? "", expiresMs: Int64(try row.int(1) ?? 0))
            }
        }
    }

    package func closePageSession(idSHA256: String) throws(StoreError) {
        try run { session throws(PostgresStoreError) in
            _ = try session.execute("DELETE FROM page_sessions WHERE id_sha256 = $1", [.text(idSHA256)])
        }
    }

    package func issueSignInNonce(sha256: String, expiresMs: Int64, capacity: Int, now: Int64) throws(StoreError) {
        try transaction { session throws(PostgresStoreError) in
            try session.execute("DELETE FROM sign_in_nonces WHERE expires_ms <= $1", [.int(now)])
            try session.execute("INSERT INTO sign_in_nonces (nonce_sha256, expires_ms) VALUES ($1, $2)", [.text(sha256), .int(expiresMs)])
            try session.execute("DELETE FROM sign_in_nonces WHERE seq <= (SELECT MAX(seq) FROM sign_in_nonces) - $1",
                                [.int(max(1, capacity))])
        }
    }

    package func consumeSignInNonce(sha256: String, now: Int64) throws(StoreError) -> Bool {
        try run { session throws(PostgresStoreError) in
            let expires = try session.row("DELETE FROM sign_in_nonces WHERE nonce_sha256 = $1 RETURNING expires_ms", [.text(sha256)])?.int(0)
            return expires.map { Int64($0) > now } ?? false
        }
    }

    package func signInFailures(keys: [String], now: Int64, windowMs: Int64) throws(StoreError) -> [SignInFailureWindow] {
        guard !keys.isEmpty else { return [] }
        return try run { session throws(PostgresStoreError) in
            try session.rows("""
                SELECT key_sha256, window_start_ms, failures FROM sign_in_failures
                WHERE key_sha256 = ANY($1::text[]) AND window_start_ms > $2
                """, [.text("{" + keys.joined(separator: ",") + "}"), .int(now - windowMs)]).map { row throws(PostgresStoreError) in
                SignInFailureWindow(keySHA256: try row.string(0) ?? "", startMs: Int64(try row.int(1) ?? 0), failures: try row.int(2) ?? 0)
            }
        }
    }

    package func recordSignInFailure(keys: [String], now: Int64, windowMs: Int64) throws(StoreError) {
        try transaction { session throws(PostgresStoreError) in
            try session.execute("DELETE FROM sign_in_failures WHERE window_start_ms <= $1", [.int(now - windowMs)])
            for key in keys {
                // Within the key's window when it started after `now - window`, else the first of
                // a new one; two services counting the same key at once both count.
                try session.execute("""
                    INSERT INTO sign_in_failures (key_sha256, window_start_ms, failures) VALUES ($1, $2, 1)
                    ON CONFLICT (key_sha256) DO UPDATE SET
                        failures = CASE WHEN sign_in_failures.window_start_ms > excluded.window_start_ms - $3
                                        THEN sign_in_failures.failures + 1 ELSE 1 END,
                        window_start_ms = CASE WHEN sign_in_failures.window_start_ms > excluded.window_start_ms - $3
                                               THEN sign_in_failures.window_start_ms ELSE excluded.window_start_ms END
                    """, [.text(key), .int(now), .int(windowMs)])
            }
        }
    }

    /// `body` in one transaction on a session of the pool (``PostgresSession/transaction(_:)``);
    /// a PostgreSQL failure becomes the store's error.
    private func transaction<T>(_ body: (PostgresSession) throws(PostgresStoreError) -> T) throws(StoreError) -> T {
        do {
            return try pool.with { session in try session.transaction { try body(session) } }
        } catch let error as PostgresStoreError {
            throw StoreError(error, operation: "use", store: path)
        } catch {
            throw .database(path: path, operation: "use", reason: "\(error)")
        }
    }
}
#endif
