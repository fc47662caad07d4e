import Foundation
internal import GRDB

/// The receipts of landed submissions, one per (awarding body, SHA-256).
package struct SubmissionLedger: Sendable {
    let database: ServiceDatabase

    package init(database: ServiceDatabase) {
        self.database = database
    }

    /// The receipt of these bytes for this awarding body, when they were received before.
    package func receipt(awardingBody: String, sha256: String) throws(ServeError) -> Receipt? {
        try database.read("look up a submission") { db in
            try String.fetchOne(db, sql: "SELECT receipt FROM submissions WHERE awarding_body_id = ? AND sha256 = ?",
                                arguments: [awardingBody, sha256]).flatMap(Self.decode)
        }
    }

    /// The receipt with this id.
    package func receipt(id: String) throws(ServeError) -> Receipt? {
        try database.read("read a submission") { db in
            try String.fetchOne(db, sql: "SELECT receipt FROM submissions WHERE id = ?", arguments: [id]).flatMap(Self.decode)
        }
    }

    /// The awarding body a submission was made for, without reading its receipt.
    package func awardingBody(ofSubmission id: String) throws(ServeError) -> String? {
        try database.read("read a submission") { db in
            try String.fetchOne(db, sql: "SELECT awarding_body_id FROM submissions WHERE id = ?", arguments: [id])
        }
    }

    /// Bytes `accountId` landed since the start of `now`'s day (UTC).
    package func bytesLanded(accountId: String, on now: Date = Date()) throws(ServeError) -> Int {
        let day = String(ServiceDatabase.timestamp(now).prefix(10)) + "T00:00:00Z"
        return try database.read("sum today's uploads") { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(bytes), 0) FROM submissions WHERE account_id = ? AND received_at >= ?",
                             arguments: [accountId, day]) ?? 0
        }
    }

    /// What the institution called each landed file of these awarding bodies (its landing
    /// name when it gave none), by its path in the inbox.
    package func fileNames(awardingBodies: [String]) throws(ServeError) -> [String: String] {
        try database.read("list submitted files") { db in
            let sql = """
                SELECT file, COALESCE(json_extract(summary, '$.name'), file) FROM submissions
                WHERE awarding_body_id IN (\(awardingBodies.map { _ in "?" }.joined(separator: ",")))
                """
            var names: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(awardingBodies)) { names[row[0]] = row[1] }
            return names
        }
    }

    /// Receipts for these awarding bodies (every body when nil), newest first, without their
    /// validation reports: read from the summaries stored beside them, never from the receipts.
    package func receipts(awardingBodies: [String]?) throws(ServeError) -> [Receipt] {
        try database.read("list submissions") { db in
            var sql = "SELECT COALESCE(summary, json_remove(receipt, '$.validation')) FROM submissions"
            var arguments: StatementArguments = []
            if let awardingBodies {
                sql += " WHERE awarding_body_id IN (\(awardingBodies.map { _ in "?" }.joined(separator: ",")))"
                arguments = StatementArguments(awardingBodies)
            }
            sql += " ORDER BY received_at DESC, id"
            return try String.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.decode)
        }
    }

    /// Records a receipt unless one for the same body and bytes exists, in one transaction;
    /// `land` moves the file into the inbox inside that transaction. Returns the receipt that
    /// stands: the new one, or the earlier one (and then `land` was not called).
    package func record(_ receipt: Receipt, accountId: String, land: () throws -> Void) throws(ServeError) -> (receipt: Receipt, isNew: Bool) {
        try database.write("record a submission") { db in
            if let earlier = try String.fetchOne(db, sql: "SELECT receipt FROM submissions WHERE awarding_body_id = ? AND sha256 = ?",
                                                 arguments: [receipt.awardingBody, receipt.sha256]).flatMap(Self.decode) {
                return (earlier, false)
            }
            try db.execute(sql: """
                INSERT INTO submissions (id, account_id, awarding_body_id, sha256, received_at, file, bytes, receipt, summary)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [receipt.id, accountId, receipt.awardingBody, receipt.sha256, receipt.receivedAt,
                                 receipt.file, receipt.bytes, Self.encode(receipt), Self.encode(receipt.summary)])
            try land()
            return (receipt, true)
        }
    }

    static func encode(_ receipt: Receipt) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(receipt)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ text: String) -> Receipt? {
        try? JSONDecoder().decode(Receipt.self, from: Data(text.utf8))
    }
}
