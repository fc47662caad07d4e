import Foundation
internal import MCStore

/// A signed-in browser: the session cookie's secret value, the account it belongs to and the
/// CSRF token every form and upload of that session must carry.
package struct PageSession: Sendable {
    package let id: String
    package let accountId: String
    package let csrfToken: String
    package let expires: Date
}

/// Sessions of the pages, kept in the store so that every service on it honours them (a load
/// balancer may send a browser's requests to any instance, and a restart signs nobody out), each
/// valid for `lifetime`. The store holds the SHA-256 of each cookie value, never the value; the
/// CSRF token is derived from the value, so it is not stored either.
package final class SessionStore: Sendable {
    package static let cookieName = "mcstat_session"
    package let lifetime: Duration
    /// Sessions one account may have at once; signing in once more ends its oldest.
    package let maxPerAccount: Int
    let database: ServiceDatabase
    let clock: @Sendable () -> Date

    package init(database: ServiceDatabase, lifetime: Duration = .seconds(8 * 3600), maxPerAccount: Int = 10,
                 clock: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.lifetime = lifetime
        self.maxPerAccount = maxPerAccount
        self.clock = clock
    }

    /// Opens a session for `account`, ending its oldest when it has `maxPerAccount` already.
    package func open(for account: Account) throws(ServeError) -> PageSession {
        let id = AccessToken.randomHex(bytes: 32), now = clock()
        let expires = now.addingTimeInterval(ServiceDatabase.seconds(lifetime))
        let record = PageSessionRecord(idSHA256: AccessToken.digest(id), accountId: account.id,
                                       expiresMs: ServiceDatabase.milliseconds(expires))
        try database.run { store throws(StoreError) in
            try store.openPageSession(record, maxPerAccount: maxPerAccount, now: ServiceDatabase.milliseconds(now))
        }
        return PageSession(id: id, accountId: account.id, csrfToken: Self.csrfToken(of: id), expires: expires)
    }

    /// The live session with this cookie value.
    package func session(_ id: String) throws(ServeError) -> PageSession? {
        let now = ServiceDatabase.milliseconds(clock())
        let record = try database.run { store throws(StoreError) in try store.pageSession(idSHA256: AccessToken.digest(id), now: now) }
        return record.map { PageSession(id: id, accountId: $0.accountId, csrfToken: Self.csrfToken(of: id),
                                        expires: Date(timeIntervalSince1970: Double($0.expiresMs) / 1000)) }
    }

    /// Ends a session (signing out), for every service on the store.
    package func close(_ id: String) throws(ServeError) {
        try database.run { store throws(StoreError) in try store.closePageSession(idSHA256: AccessToken.digest(id)) }
    }

    /// The CSRF token of the session with this cookie value: a digest of the value under a label
    /// of its own, so neither the stored digest nor the token gives away the other or the value.
    static func csrfToken(of id: String) -> String {
        AccessToken.digest("mcstat-csrf:" + id)
    }
}
