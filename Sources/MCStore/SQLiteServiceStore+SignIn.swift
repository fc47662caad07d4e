internal import GRDB

/// The sign-in state (`page_sessions`, `sign_in_nonces`, `sign_in_failures`, migration
/// `v11-sign-in-state`), so that every service on the store honours the others' sessions,
/// nonces and failure counts.
extension SQLiteServiceStore {
    package func openPageSession(_ session: PageSessionRecord, maxPerAccount: Int, now: Int64) throws(StoreError) {
        try write("open a page session") { db in
            try db.execute(sql: "DELETE FROM page_sessions WHERE expires_ms <= ?", arguments: [now])
            try db.execute(sql: """
                DELETE FROM page_sessions WHERE seq IN (
                    SELECT seq FROM page_sessions WHERE account_id = ? ORDER BY expires_ms DESC, seq DESC LIMIT -1 OFFSET ?)
                """, arguments: [session.accountId, max(0, maxPerAccount - 1)])
            try db.execute(sql: "INSERT INTO page_sessions (id_sha256, account_id, expires_ms) VALUES (?, ?, ?)",
                           arguments: [session.idSHA256, session.accountId, session.expiresMs])
        }
    }

    package func pageSession(idSHA256: String, now: Int64) throws(StoreError) -> PageSessionRecord? {
        try read("look up a page session") { db in
            try Row.fetchOne(db, sql: "SELECT account_id, expires_ms FROM page_sessions WHERE id_sha256 = ? AND expires_ms > ?",
                             arguments: [idSHA256, now]).map {
                PageSessionRecord(idSHA256: idSHA256, accountId: $0["account_id"], expiresMs: $0["expires_ms"])
            }
        }
    }

    package func closePageSession(idSHA256: String) throws(StoreError) {
        try write("end a page session") { db in
            try db.execute(sql: "DELETE FROM page_sessions WHERE id_sha256 = ?", arguments: [idSHA256])
        }
    }

    package func issueSignInNonce(sha256: String, expiresMs: Int64, capacity: Int, now: Int64) throws(StoreError) {
        try write("issue a sign-in nonce") { db in
            try db.execute(sql: "DELETE FROM sign_in_nonces WHERE expires_ms <= ?", arguments: [now])
            try db.execute(sql: "INSERT INTO sign_in_nonces (nonce_sha256, expires_ms) VALUES (?, ?)", arguments: [sha256, expiresMs])
            try db.execute(sql: "DELETE FROM sign_in_nonces WHERE seq <= (SELECT MAX(seq) FROM sign_in_nonces) - ?",
                           arguments: [max(1, capacity)])
        }
    }

    package func consumeSignInNonce(sha256: String, now: Int64) throws(StoreError) -> Bool {
        try write("use a sign-in nonce") { db in
            let expires = try Int64.fetchOne(db, sql: "DELETE FROM sign_in_nonces WHERE nonce_sha256 = ? RETURNING expires_ms",
                                             arguments: [sha256])
            return expires.map { $0 > now } ?? false
        }
    }

    package func signInFailures(keys: [String], now: Int64, windowMs: Int64) throws(StoreError) -> [SignInFailureWindow] {
        guard !keys.isEmpty else { return [] }
        return try read("count failed sign-ins") { db in
            try Row.fetchAll(db, sql: """
                SELECT key_sha256, window_start_ms, failures FROM sign_in_failures
                WHERE key_sha256 IN (\(keys.map { _ in "?" }.joined(separator: ","))) AND window_start_ms > ?
                """, arguments: StatementArguments(keys) + [now - windowMs]).map {
                SignInFailureWindow(keySHA256: $0["key_sha256"], startMs: $0["window_start_ms"], failures: $0["failures"])
            }
        }
    }

    package func recordSignInFailure(keys: [String], now: Int64, windowMs: Int64) throws(StoreError) {
        try write("count a failed sign-in") { db in
            try db.execute(sql: "DELETE FROM sign_in_failures WHERE window_start_ms <= ?", arguments: [now - windowMs])
            for key in keys {
                // Within the key's window when it started after `now - window`, else the first of a new one.
                try db.execute(sql: """
                    INSERT INTO sign_in_failures (key_sha256, window_start_ms, failures) VALUES (?, ?, 1)
                    ON CONFLICT (key_sha256) DO UPDATE SET
                        failures = CASE WHEN sign_in_failures.window_start_ms > excluded.window_start_ms - ?
                                        THEN sign_in_failures.failures + 1 ELSE 1 END,
                        window_start_ms = CASE WHEN sign_in_failures.window_start_ms > excluded.window_start_ms - ?
                                               THEN sign_in_failures.window_start_ms ELSE excluded.window_start_ms END
                    """, arguments: [key, now, windowMs, windowMs])
            }
        }
    }
}

