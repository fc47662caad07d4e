import Foundation
internal import GRDB

/// Accounts of the web service: added with a new token (printed once, stored as its SHA-256),
/// listed, revoked, and found by token.
package struct AccountStore: Sendable {
    let database: ServiceDatabase

    package init(database: ServiceDatabase) {
        self.database = database
    }

    /// Adds an account and returns it with its token, which is not kept anywhere.
    package func add(role: Role, awardingBodies: [String], label: String?) throws(ServeError) -> (account: Account, token: String) {
        let bodies = Array(Set(awardingBodies.map { $0.trimmingCharacters(in: .whitespaces) })).sorted()
        if role == .submitter && bodies.isEmpty {
            throw .invalidAccount(reason: "a submitter needs at least one --awarding-body")
        }
        if role == .analyst && !bodies.isEmpty {
            throw .invalidAccount(reason: "an analyst reads every institution's reports; --awarding-body is for submitters")
        }
        if let bad = bodies.first(where: { !Account.isAwardingBodyId($0) }) {
            throw .invalidAccount(reason: "\(bad.debugDescription) is not an awarding body id (1 to 100 characters, no '|', no control character)")
        }
        let id = AccessToken.randomHex(bytes: 6)
        let token = AccessToken.generate(accountId: id)
        let account = Account(id: id, role: role, awardingBodies: bodies, label: label,
                              createdAt: ServiceDatabase.timestamp())
        try database.write("add an account") { db in
            try db.execute(sql: """
                INSERT INTO accounts (id, role, awarding_bodies, label, token_sha256, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [account.id, role.rawValue, bodies.joined(separator: "|"), label,
                                 AccessToken.digest(token), account.createdAt])
        }
        return (account, token)
    }

    /// Every account, revoked ones included, oldest first.
    package func list() throws(ServeError) -> [Account] {
        try database.read("list accounts") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY created_at, id").map(Self.account)
        }
    }

    /// Revokes an active account: its token stops working at once.
    package func revoke(id: String) throws(ServeError) {
        try database.write("revoke an account") { db in
            try db.execute(sql: "UPDATE accounts SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                           arguments: [ServiceDatabase.timestamp(), id])
            if db.changesCount == 0 { throw ServeError.noSuchAccount(id: id) }
        }
    }

    /// The active account whose token this is. The stored digest is compared in constant time;
    /// a token naming no active account is compared too, so the time taken tells nothing.
    package func authenticate(token: String) throws(ServeError) -> Account? {
        let digest = AccessToken.digest(token)
        var found: (account: Account, digest: String)?
        if let id = AccessToken.accountId(of: token) {
            found = try database.read("look up a token") { db in
                try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ? AND revoked_at IS NULL", arguments: [id])
                    .map { (Self.account($0), $0["token_sha256"] as String) }
            }
        }
        let matches = AccessToken.constantTimeEquals(found?.digest ?? String(repeating: "0", count: digest.count), digest)
        return matches ? found?.account : nil
    }

    /// The account with this id, active or not.
    package func account(id: String) throws(ServeError) -> Account? {
        try database.read("read an account") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id]).map(Self.account)
        }
    }

    static func account(_ row: Row) -> Account {
        let bodies: String = row["awarding_bodies"]
        return Account(id: row["id"], role: Role(rawValue: row["role"]) ?? .submitter,
                       awardingBodies: bodies.isEmpty ? [] : bodies.split(separator: "|").map(String.init),
                       label: row["label"], createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }
}
