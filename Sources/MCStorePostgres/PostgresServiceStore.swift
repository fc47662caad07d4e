#if PostgreSQL
import Foundation
package import MCStore

/// The web service's tables (`accounts`, `submissions`, and the sign-in state) in a PostgreSQL
/// store, through a few sessions shared by the service's requests, so that several `serve`
/// processes on several machines share accounts, submissions, receipts, page sessions, sign-in
/// nonces and failure counts. The schema is the store's (migrations `v5-accounts-submissions`,
/// `v6-submission-summaries-retention`, `v11-sign-in-state`): whoever opens the store
/// migrates it first. Text columns compare by their bytes (`COLLATE "C"`), as SQLite's do.
package final class PostgresServiceStore: ServiceStore {
    package let path: String
    let pool: PostgresSessionPool

    /// The service's sessions to the store at `location` (at most `sessions` at once).
    package init(location: PostgresLocation, applicationName: String = "mcstat serve", sessions: Int = 4,
                 environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = location.display
        pool = PostgresSessionPool(location: location, applicationName: applicationName, environment: environment, size: sessions)
    }

    deinit { pool.close() }

    /// `body` on a session of the pool; a PostgreSQL failure becomes the store's error.
    func run<T>(_ body: (PostgresSession) throws(PostgresStoreError) -> T) throws(StoreError) -> T {
        do {
            return try pool.with { session in try body(session) }
        } catch let error as PostgresStoreError {
            throw StoreError(error, operation: "use", store: path)
        } catch {
            throw .database(path: path, operation: "use", reason: "\(error)")
        }
    }

    // MARK: Accounts

    package func insertAccount(_ account: AccountRecord) throws(StoreError) {
        try run { session throws(PostgresStoreError) in
            try session.execute("""
                INSERT INTO accounts (id, role, awarding_bodies, label, token_sha256, created_at, revoked_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, [.text(account.id), .text(account.role), .text(account.awardingBodies.joined(separator: "|")),
                      .text(account.label), .text(account.tokenSHA256), .text(account.createdAt), .text(account.revokedAt)])
        }
    }

    package func accounts() throws(StoreError) -> [AccountRecord] {
        try run { session throws(PostgresStoreError) in
            try session.rows("SELECT \(Self.accountColumns) FROM accounts ORDER BY created_at, id").map(Self.account)
        }
    }

    package func account(id: String, activeOnly: Bool) throws(StoreError) -> AccountRecord? {
        try run { session throws(PostgresStoreError) in
            try session.row("SELECT \(Self.accountColumns) FROM accounts WHERE id = $1" + (activeOnly ? " AND revoked_at IS NULL" : ""),
                            [.text(id)]).map(Self.account)
        }
    }

    package func revokeAccount(id: String, at time: String) throws(StoreError) -> Bool {
        try run { session throws(PostgresStoreError) in
            try session.execute("UPDATE accounts SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", [.text(time), .text(id)]) > 0
        }
    }

    private static let accountColumns = "id, role, awarding_bodies, label, token_sha256, created_at, revoked_at"

    private static func account(_ row: PostgresSessionRow) throws(PostgresStoreError) -> AccountRecord {
        let bodies = try row.string(2) ?? ""
        return AccountRecord(id: try row.string(0) ?? "", role: try row.string(1) ?? "",
                             awardingBodies: bodies.isEmpty ? [] : bodies.split(separator: "|").map(String.init),
                             label: try row.string(3), tokenSHA256: try row.string(4) ?? "", createdAt: try row.string(5) ?? "",
                             revokedAt: try row.string(6))
    }

    // MARK: Submissions

    package func submissionReceipt(awardingBody: String, sha256: String) throws(StoreError) -> String? {
        try run { session throws(PostgresStoreError) in try Self.receipt(session, awardingBody: awardingBody, sha256: sha256) }
    }

    package func submissionReceipt(id: String) throws(StoreError) -> String? {
        try run { session throws(PostgresStoreError) in try session.row("SELECT receipt FROM submissions WHERE id = $1", [.text(id)])?.string(0) }
    }

    package func submissionAwardingBody(id: String) throws(StoreError) -> String? {
        try run { session throws(PostgresStoreError) in
            try session.row("SELECT awarding_body_id FROM submissions WHERE id = $1", [.text(id)])?.string(0)
        }
    }

    package func bytesLanded(accountId: String, since: String) throws(StoreError) -> Int {
        try run { session throws(PostgresStoreError) in
            try session.row("SELECT COALESCE(SUM(bytes), 0)::bigint FROM submissions WHERE account_id = $1 AND received_at >= $2",
                            [.text(accountId), .text(since)])?.int(0) ?? 0
        }
    }

    package func submittedFileNames(awardingBodies: [String]) throws(StoreError) -> [String: String] {
        guard !awardingBodies.isEmpty else { return [:] }
        return try run { session throws(PostgresStoreError) in
            var names: [String: String] = [:]
            for row in try session.rows("""
                SELECT file, COALESCE(summary::jsonb ->> 'name', file) FROM submissions
                WHERE awarding_body_id IN (\(Self.placeholders(awardingBodies.count)))
                """, awardingBodies.map(PostgresValue.text)) {
                names[try row.string(0) ?? ""] = try row.string(1) ?? ""
            }
            return names
        }
    }

    package func submissionSummaries(awardingBodies: [String]?) throws(StoreError) -> [String] {
        if let awardingBodies, awardingBodies.isEmpty { return [] }
        return try run { session throws(PostgresStoreError) in
            // A receipt without its summary (none in a PostgreSQL store: the summary came first)
            // would be shown through jsonb, i.e. with its keys reordered.
            var sql = "SELECT COALESCE(summary, (receipt::jsonb - 'validation')::text) FROM submissions"
            if let awardingBodies { sql += " WHERE awarding_body_id IN (\(Self.placeholders(awardingBodies.count)))" }
            sql += " ORDER BY received_at DESC, id"
            return try session.rows(sql, (awardingBodies ?? []).map(PostgresValue.text)).map { row throws(PostgresStoreError) in try row.string(0) ?? "" }
        }
    }

    package func recordSubmission(_ submission: SubmissionRecord, land: () throws -> Void) throws -> String? {
        do {
            return try pool.with { session in
                try session.begin()
                do {
                    if let earlier = try Self.receipt(session, awardingBody: submission.awardingBodyId, sha256: submission.sha256) {
                        try session.rollback()
                        return earlier
                    }
                    do {
                        try session.execute("""
                            INSERT INTO submissions (id, account_id, awarding_body_id, sha256, received_at, file, bytes, receipt, summary, inbox)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                            """, [.text(submission.id), .text(submission.accountId), .text(submission.awardingBodyId), .text(submission.sha256),
                                  .text(submission.receivedAt), .text(submission.file), .int(submission.bytes), .text(submission.receipt),
                                  .text(submission.summary), .text(submission.inbox)])
                    } catch let error as PostgresStoreError where Self.isUniqueViolation(error) {
                        // Another service recorded the same bytes for this body first (the insert
                        // waited for its transaction): its receipt is the answer.
                        try session.rollback()
                        if let earlier = try session.row("SELECT receipt FROM submissions WHERE awarding_body_id = $1 AND sha256 = $2",
                                                         [.text(submission.awardingBodyId), .text(submission.sha256)])?.string(0) {
                            return earlier
                        }
                        throw error
                    }
                    try land()
                    try session.commit()
                    return nil
                } catch {
                    try? session.rollback()
                    throw error
                }
            }
        } catch let error as PostgresStoreError {
            throw StoreError(error, operation: "use", store: path)
        }
    }

    package func landedFiles(receivedBefore time: String, inbox: String) throws(StoreError) -> [LandedFile] {
        try run { session throws(PostgresStoreError) in
            try session.rows("""
                SELECT id, awarding_body_id, sha256, file, inbox FROM submissions
                WHERE raw_deleted_at IS NULL AND received_at < $1 AND (inbox = $2 OR inbox IS NULL) ORDER BY received_at
                """, [.text(time), .text(inbox)]).map { row throws(PostgresStoreError) in
                LandedFile(submissionId: try row.string(0) ?? "", awardingBodyId: try row.string(1) ?? "",
                           sha256: try row.string(2) ?? "", file: try row.string(3) ?? "", inbox: try row.string(4))
            }
        }
    }

    package func markRawUploadDeleted(submissionId id: String, at time: String) throws(StoreError) {
        try run { session throws(PostgresStoreError) in
            try session.execute("UPDATE submissions SET raw_deleted_at = $1 WHERE id = $2", [.text(time), .text(id)])
        }
    }

    package func keptUploadInboxes() throws(StoreError) -> [(file: String, inbox: String)] {
        try run { session throws(PostgresStoreError) in
            try session.rows("SELECT file, inbox FROM submissions WHERE raw_deleted_at IS NULL AND inbox IS NOT NULL ORDER BY file")
                .map { row throws(PostgresStoreError) in (file: try row.string(0) ?? "", inbox: try row.string(1) ?? "") }
        }
    }

    private static func receipt(_ session: PostgresSession, awardingBody: String, sha256: String) throws(PostgresStoreError) -> String? {
        try session.row("SELECT receipt FROM submissions WHERE awarding_body_id = $1 AND sha256 = $2",
                        [.text(awardingBody), .text(sha256)])?.string(0)
    }

    private static func placeholders(_ count: Int) -> String { (1...count).map { "$\($0)" }.joined(separator: ",") }

    private static func isUniqueViolation(_ error: PostgresStoreError) -> Bool {
        if case .database(_, _, let reason) = error { return reason.hasSuffix("(SQLSTATE 23505)") }
        return false
    }
}
#endif
