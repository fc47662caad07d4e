import Foundation
import Synchronization

/// A signed-in browser: the session cookie's secret value, the account it belongs to and the
/// CSRF token every form and upload of that session must carry.
package struct PageSession: Sendable {
    package let id: String
    package let accountId: String
    package let csrfToken: String
    package let expires: ContinuousClock.Instant
}

/// Sessions of the pages, in memory (a restart signs everybody out), each valid for `lifetime`.
package final class SessionStore: Sendable {
    package static let cookieName = "mcstat_session"
    package let lifetime: Duration
    private let sessions = Mutex<[String: PageSession]>([:])

    /// Sessions one account may have at once; signing in once more ends its oldest.
    package let maxPerAccount: Int

    package init(lifetime: Duration = .seconds(8 * 3600), maxPerAccount: Int = 10) {
        self.lifetime = lifetime
        self.maxPerAccount = maxPerAccount
    }

    /// Opens a session for `account`, ending its oldest when it has `maxPerAccount` already.
    package func open(for account: Account) -> PageSession {
        let session = PageSession(id: AccessToken.randomHex(bytes: 32), accountId: account.id,
                                  csrfToken: AccessToken.randomHex(bytes: 32), expires: .now + lifetime)
        sessions.withLock { table in
            table = table.filter { $0.value.expires > .now }
            let own = table.values.filter { $0.accountId == account.id }.sorted { $0.expires < $1.expires }
            for old in own.prefix(max(0, own.count - maxPerAccount + 1)) { table[old.id] = nil }
            table[session.id] = session
        }
        return session
    }

    /// The live session with this cookie value.
    package func session(_ id: String) -> PageSession? {
        sessions.withLock { table in
            guard let session = table[id] else { return nil }
            guard session.expires > .now else { table[id] = nil; return nil }
            return session
        }
    }

    /// Ends a session (signing out).
    package func close(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }
}
