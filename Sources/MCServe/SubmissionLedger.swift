import Foundation
internal import MCStore

/// The receipts of landed submissions, one per (awarding body, SHA-256).
package struct SubmissionLedger: Sendable {
    let database: ServiceDatabase

    package init(database: ServiceDatabase) {
        self.database = database
    }

    /// The receipt of these bytes for this awarding body, when they were received before.
    package func receipt(awardingBody: String, sha256: String) throws(ServeError) -> Receipt? {
        try database.run { store throws(StoreError) in try store.submissionReceipt(awardingBody: awardingBody, sha256: sha256) }
            .flatMap(Self.decode)
    }

    /// The receipt with this id.
    package func receipt(id: String) throws(ServeError) -> Receipt? {
        try database.run { store throws(StoreError) in try store.submissionReceipt(id: id) }.flatMap(Self.decode)
    }

    /// The awarding body a submission was made for, without reading its receipt.
    package func awardingBody(ofSubmission id: String) throws(ServeError) -> String? {
        try database.run { store throws(StoreError) in try store.submissionAwardingBody(id: id) }
    }

    /// Bytes `accountId` landed since the start of `now`'s day (UTC).
    package func bytesLanded(accountId: String, on now: Date = Date()) throws(ServeError) -> Int {
        let day = String(ServiceDatabase.timestamp(now).prefix(10)) + "T00:00:00Z"
        return try database.run { store throws(StoreError) in try store.bytesLanded(accountId: accountId, since: day) }
    }

    /// What the institution called each landed file of these awarding bodies (its landing
    /// name when it gave none), by its path in the inbox.
    package func fileNames(awardingBodies: [String]) throws(ServeError) -> [String: String] {
        try database.run { store throws(StoreError) in try store.submittedFileNames(awardingBodies: awardingBodies) }
    }

    /// Receipts for these awarding bodies (every body when nil), newest first, without their
    /// validation reports: read from the summaries stored beside them, never from the receipts.
    package func receipts(awardingBodies: [String]?) throws(ServeError) -> [Receipt] {
        try database.run { store throws(StoreError) in try store.submissionSummaries(awardingBodies: awardingBodies) }
            .compactMap(Self.decode)
    }

    /// Records a receipt unless one for the same body and bytes exists, in one transaction;
    /// `land` moves the file into the inbox (whose id is `inbox`) inside that transaction.
    /// Returns the receipt that stands: the new one, or the earlier one (and then `land` was not
    /// called).
    package func record(_ receipt: Receipt, accountId: String, inbox: String? = nil,
                        land: () throws -> Void) throws(ServeError) -> (receipt: Receipt, isNew: Bool) {
        let record = SubmissionRecord(id: receipt.id, accountId: accountId, awardingBodyId: receipt.awardingBody, sha256: receipt.sha256,
                                      receivedAt: receipt.receivedAt, file: receipt.file, bytes: receipt.bytes,
                                      receipt: Self.encode(receipt), summary: Self.encode(receipt.summary), inbox: inbox)
        let earlier: String?
        do {
            earlier = try database.tables.recordSubmission(record, land: land)
        } catch let error as ServeError {
            throw error
        } catch let error as StoreError {
            throw database.serveError(error)
        } catch {
            throw .database(path: database.path, operation: "record a submission", reason: "\(error)")
        }
        guard let earlier else { return (receipt, true) }
        guard let stored = Self.decode(earlier) else {
            throw .database(path: database.path, operation: "record a submission", reason: "the earlier receipt cannot be read")
        }
        return (stored, false)
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
