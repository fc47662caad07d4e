internal import GRDB
package import MCModel

extension Store {
    /// How many stored credentials have no record keys yet (stored before record keys were made):
    /// the cell key method cannot count them until an ingest gives them theirs.
    package func credentialsWithoutRecordKeys() throws(StoreError) -> Int {
        try read("count credentials without record keys") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM credentials WHERE record_key IS NULL OR learner_record_key IS NULL") ?? 0
        }
    }

    /// Gives every credential without record keys its keys, made by `keys` from its awarding body,
    /// credential id and learner key; returns how many it gave. A writer does this when it opens the
    /// store with the key file, so records stored before keys were made get them at the next
    /// ingest. Works through the store in slices of `slice` rows, one transaction each: memory
    /// stays flat, and an interrupted fill resumes where it stopped.
    @discardableResult
    package func fillRecordKeys(slice: Int,
                               _ keys: (_ awardingBodyId: String, _ credentialId: String, _ learnerKey: String) -> RecordKeys) throws(StoreError) -> Int {
        var filled = 0
        while true {
            let done: Int = try write("give stored credentials their record keys") { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT rowid, awarding_body_id, credential_id, learner_key FROM credentials
                    WHERE record_key IS NULL OR learner_record_key IS NULL LIMIT ?
                    """, arguments: [slice])
                let update = try db.makeStatement(sql: "UPDATE credentials SET record_key = ?, learner_record_key = ? WHERE rowid = ?")
                for row in rows {
                    let made = keys(row[1], row[2], row[3])
                    try update.execute(arguments: [Int64(bitPattern: made.credential), Int64(bitPattern: made.learner), row[0] as Int64])
                }
                return rows.count
            }
            filled += done
            if done < slice { return filled }
        }
    }
}
