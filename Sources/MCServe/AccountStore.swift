import Foundation
internal import MCStore

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
        try database.run { store throws(StoreError) in
            try store.insertAccount(AccountRecord(id: id, role: role.rawValue, awardingBodies: bodies, label: label,
                                                  tokenSHA256: AccessToken.digest(token), createdAt: account.createdAt))
        }
        return (account, token)
    }

    /// Every account, revoked ones included, oldest first.
    package func list() throws(ServeError) -> [Account] {
        try database.run { store throws(StoreError) in try store.accounts().map(Self.account) }
    }

    /// Revokes an active account: its token stops working at once.
    package func revoke(id: String) throws(ServeError) {
        let revoked = try database.run { store throws(StoreError) in try store.revokeAccount(id: id, at: ServiceDatabase.timestamp()) }
        if !revoked { throw .noSuchAccount(id: id) }
    }

    /// The active account whose token this is. The stored digest is compared in constant time;
    /// a token naming no active account is compared too, so the time taken tells nothing.
    package func authenticate(token: String) throws(ServeError) -> Account? {
        let digest = AccessToken.digest(token)
        var found: (account: Account, digest: String)?
        if let id = AccessToken.accountId(of: token) {
            found = try database.run { store throws(StoreError) in try store.account(id: id, activeOnly: true) }
                .map { (Self.account($0), $0.tokenSHA256) }
        }
        let matches = AccessToken.constantTimeEquals(found?.digest ?? String(repeating: "0", count: digest.count), digest)
        return matches ? found?.account : nil
    }

    /// The account with this id, active or not.
    package func account(id: String) throws(ServeError) -> Account? {
        try database.run { store throws(StoreError) in try store.account(id: id) }.map(Self.account)
    }

    static func account(_ record: AccountRecord) -> Account {
        Account(id: record.id, role: Role(rawValue: record.role) ?? .submitter, awardingBodies: record.awardingBodies,
                label: record.label, createdAt: record.createdAt, revokedAt: record.revokedAt)
    }
}
