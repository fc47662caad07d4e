import Foundation
internal import MCStore

/// The CSRF values of sign-in forms the services on this store issued, each good for one
/// sign-in within its lifetime: a form value and cookie a third party made up itself match
/// nothing here. Kept in the store as their SHA-256, so a form from one instance signs in at
/// another, once; at most `capacity` are kept (expired ones go first, then the oldest), so asking
/// for forms cannot fill the store.
package final class SignInNonces: Sendable {
    package let lifetime: Duration
    package let capacity: Int
    let database: ServiceDatabase

    package init(database: ServiceDatabase, lifetime: Duration = .seconds(3600), capacity: Int = 100_000) {
        self.database = database
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// A new nonce for a sign-in form.
    package func issue(now: Date = Date()) throws(ServeError) -> String {
        let nonce = AccessToken.randomHex(bytes: 16)
        let expires = ServiceDatabase.milliseconds(now.addingTimeInterval(ServiceDatabase.seconds(lifetime)))
        try database.run { store throws(StoreError) in
            try store.issueSignInNonce(sha256: AccessToken.digest(nonce), expiresMs: expires, capacity: capacity,
                                       now: ServiceDatabase.milliseconds(now))
        }
        return nonce
    }

    /// Whether `nonce` was issued (here or by another service on the store) and is still good;
    /// it is used up either way.
    package func consume(_ nonce: String, now: Date = Date()) throws(ServeError) -> Bool {
        try database.run { store throws(StoreError) in
            try store.consumeSignInNonce(sha256: AccessToken.digest(nonce), now: ServiceDatabase.milliseconds(now))
        }
    }
}
