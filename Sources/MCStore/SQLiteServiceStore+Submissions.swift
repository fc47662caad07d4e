internal import GRDB

/// The `submissions` table: one row per (awarding body, SHA-256) that landed in the inbox.
extension SQLiteServiceStore {
    /// The receipt (JSON) of these bytes for this awarding body, when they were received before.
    package func submissionReceipt(awardingBody: String, sha256: String) throws(StoreError) -> String? {
        try read("look up a submission") { db in try Self.receipt(db, awardingBody: awardingBody, sha256: sha256) }
    }

    /// The receipt (JSON) of the submission `id`.
    package func submissionReceipt(id: String) throws(StoreError) -> String? {
        try read("read a submission") { db in
            try String.fetchOne(db, sql: "SELECT receipt FROM submissions WHERE id = ?", arguments: [id])
        }
    }

    /// The awarding body the submission `id` was made for.
    package func submissionAwardingBody(id: String) throws(StoreError) -> String? {
        try read("read a submission") { db in
            try String.fetchOne(db, sql: "SELECT awarding_body_id FROM submissions WHERE id = ?", arguments: [id])
        }
    }

    /// Bytes `accountId` landed at `since` or later (ISO 8601 in UTC, as stored).
    package func bytesLanded(accountId: String, since: String) throws(StoreError) -> Int {
        try read("sum today's uploads") { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(bytes), 0) FROM submissions WHERE account_id = ? AND received_at >= ?",
                             arguments: [accountId, since]) ?? 0
        }
    }

    /// What the institution called each landed file of these awarding bodies (the summary's
    /// `name`; its landing name when it gave none), by its path in the inbox.
    package func submittedFileNames(awardingBodies: [String]) throws(StoreError) -> [String: String] {
        try read("list submitted files") { db in
            let sql = """
                SELECT file, COALESCE(json_extract(summary, '$.name'), file) FROM submissions
                WHERE awarding_body_id IN (\(awardingBodies.map { _ in "?" }.joined(separator: ",")))
                """
            var names: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(awardingBodies)) { names[row[0]] = row[1] }
            return names
        }
    }

    /// The summaries (JSON receipts without their `validation`) of these awarding bodies'
    /// submissions (every body's when nil), newest first.
    package func submissionSummaries(awardingBodies: [String]?) throws(StoreError) -> [String] {
        try read("list submissions") { db in
            var sql = "SELECT COALESCE(summary, json_remove(receipt, '$.validation')) FROM submissions"
            var arguments: StatementArguments = []
            if let awardingBodies {
                sql += " WHERE awarding_body_id IN (\(awardingBodies.map { _ in "?" }.joined(separator: ",")))"
                arguments = StatementArguments(awardingBodies)
            }
            sql += " ORDER BY received_at DESC, id"
            return try String.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// Records `submission` unless one for the same awarding body and bytes exists, in one
    /// transaction; `land` moves the file into the inbox inside that transaction (its error is
    /// rethrown as is, and nothing is recorded). Returns the earlier receipt (JSON) when there was
    /// one (and then `land` was not called), nil when `submission` was recorded.
    package func recordSubmission(_ submission: SubmissionRecord, land: () throws -> Void) throws -> String? {
        do {
            return try pool.write { db in
                if let earlier = try Self.receipt(db, awardingBody: submission.awardingBodyId, sha256: submission.sha256) {
                    return earlier
                }
                try db.execute(sql: """
                    INSERT INTO submissions (id, account_id, awarding_body_id, sha256, received_at, file, bytes, receipt, summary, inbox)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [submission.id, submission.accountId, submission.awardingBodyId, submission.sha256,
                                     submission.receivedAt, submission.file, submission.bytes, submission.receipt, submission.summary,
                                     submission.inbox])
                try land()
                return nil
            }
        } catch let error as DatabaseError {
            throw StoreError.database(path: path, operation: "record a submission", reason: "\(error)")
        }
    }

    /// Landed files received before `time` whose raw upload is still kept, oldest first: those
    /// that landed in the inbox `inbox`, and those whose inbox is not known.
    package func landedFiles(receivedBefore time: String, inbox: String) throws(StoreError) -> [LandedFile] {
        try read("find raw uploads past retention") { db in
            try Row.fetchAll(db, sql: """
                SELECT id, awarding_body_id, sha256, file, inbox FROM submissions
                WHERE raw_deleted_at IS NULL AND received_at < ? AND (inbox = ? OR inbox IS NULL) ORDER BY received_at
                """, arguments: [time, inbox]).map {
                LandedFile(submissionId: $0["id"], awardingBodyId: $0["awarding_body_id"], sha256: $0["sha256"], file: $0["file"],
                           inbox: $0["inbox"])
            }
        }
    }

    /// Records that the raw upload of submission `id` was deleted at `time`.
    package func markRawUploadDeleted(submissionId id: String, at time: String) throws(StoreError) {
        try write("record a deleted raw upload") { db in
            try db.execute(sql: "UPDATE submissions SET raw_deleted_at = ? WHERE id = ?", arguments: [time, id])
        }
    }

    package func keptUploadInboxes() throws(StoreError) -> [(file: String, inbox: String)] {
        try read("find the inboxes of kept uploads") { db in
            try Row.fetchAll(db, sql: "SELECT file, inbox FROM submissions WHERE raw_deleted_at IS NULL AND inbox IS NOT NULL ORDER BY file")
                .map { (file: $0["file"], inbox: $0["inbox"]) }
        }
    }

    private static func receipt(_ db: Database, awardingBody: String, sha256: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT receipt FROM submissions WHERE awarding_body_id = ? AND sha256 = ?",
                            arguments: [awardingBody, sha256])
    }
}
