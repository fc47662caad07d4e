internal import GRDB

/// The `accounts` table: awarding bodies are stored `|`-joined (an awarding-body id holds no `|`).
extension SQLiteServiceStore {
    package func insertAccount(_ account: AccountRecord) throws(StoreError) {
        try write("add an account") { db in
            try db.execute(sql: """
                INSERT INTO accounts (id, role, awarding_bodies, label, token_sha256, created_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [account.id, account.role, account.awardingBodies.joined(separator: "|"), account.label,
                                 account.tokenSHA256, account.createdAt, account.revokedAt])
        }
    }

    /// Every account, revoked ones included, oldest first.
    package func accounts() throws(StoreError) -> [AccountRecord] {
        try read("list accounts") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY created_at, id").map(AccountRecord.init(row:))
        }
    }

    /// The account with this id; with `activeOnly`, nil for a revoked one.
    package func account(id: String, activeOnly: Bool) throws(StoreError) -> AccountRecord? {
        try read(activeOnly ? "look up a token" : "read an account") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?" + (activeOnly ? " AND revoked_at IS NULL" : ""),
                             arguments: [id]).map(AccountRecord.init(row:))
        }
    }

    /// Marks an active account revoked at `time`; false when there is no active account `id`.
    package func revokeAccount(id: String, at time: String) throws(StoreError) -> Bool {
        try write("revoke an account") { db in
            try db.execute(sql: "UPDATE accounts SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [time, id])
            return db.changesCount > 0
        }
    }
}

extension AccountRecord {
    init(row: Row) {
        let bodies: String = row["awarding_bodies"]
        self.init(id: row["id"], role: row["role"], awardingBodies: bodies.isEmpty ? [] : bodies.split(separator: "|").map(String.init),
                  label: row["label"], tokenSHA256: row["token_sha256"], createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }
}
