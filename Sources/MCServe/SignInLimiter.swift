import Foundation
internal import MCStore

/// Failed sign-ins, counted per key (an address, or an address with the account it named) in
/// fixed windows: once a key has `limit` failures in the current window, further failing
/// attempts under it are answered 429 until the window ends. A good token is never asked. The
/// counts live in the store (keys as their SHA-256, windows in wall-clock time), so failures at
/// every service on it count together.
package final class SignInLimiter: Sendable {
    package let limit: Int
    package let window: Duration
    let database: ServiceDatabase

    package init(database: ServiceDatabase, limit: Int, window: Duration) {
        self.database = database
        self.limit = limit
        self.window = window
    }

    /// Seconds until `keys` may try again, or nil when none of them is blocked.
    package func retryAfter(_ keys: [String], now: Date = Date()) throws(ServeError) -> Int? {
        let nowMs = ServiceDatabase.milliseconds(now), windowMs = ServiceDatabase.milliseconds(window)
        let open = try database.run { store throws(StoreError) in
            try store.signInFailures(keys: keys.map(AccessToken.digest), now: nowMs, windowMs: windowMs)
        }
        let wait = open.filter { $0.failures >= limit }.map { $0.startMs + windowMs - nowMs }.max()
        return wait.map { max(1, Int($0 / 1000) + 1) }
    }

    /// Counts one failure against each key.
    package func recordFailure(_ keys: [String], now: Date = Date()) throws(ServeError) {
        let nowMs = ServiceDatabase.milliseconds(now), windowMs = ServiceDatabase.milliseconds(window)
        try database.run { store throws(StoreError) in
            try store.recordSignInFailure(keys: keys.map(AccessToken.digest), now: nowMs, windowMs: windowMs)
        }
    }
}
