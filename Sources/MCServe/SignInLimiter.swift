import Foundation
import Synchronization

/// Failed sign-ins, counted per key (an address, or an address with the account it named) in
/// fixed windows: once a key has `limit` failures in the current window, further failing
/// attempts under it are answered 429 until the window ends. A good token is never asked.
package final class SignInLimiter: Sendable {
    package let limit: Int
    package let window: Duration
    private let failures = Mutex<[String: (start: ContinuousClock.Instant, count: Int)]>([:])

    package init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `keys` may try again, or nil when none of them is blocked.
    package func retryAfter(_ keys: [String], now: ContinuousClock.Instant = .now) -> Int? {
        failures.withLock { table in
            var wait: Duration?
            for key in keys {
                guard let entry = table[key] else { continue }
                let end = entry.start + window
                if end <= now { table[key] = nil; continue }
                if entry.count >= limit { wait = max(wait ?? .zero, end - now) }
            }
            return wait.map { max(1, Int($0.components.seconds) + 1) }
        }
    }

    /// Counts one failure against each key.
    package func recordFailure(_ keys: [String], now: ContinuousClock.Instant = .now) {
        failures.withLock { table in
            for key in keys {
                if let entry = table[key], entry.start + window > now {
                    table[key] = (entry.start, entry.count + 1)
                } else {
                    table[key] = (now, 1)
                }
            }
            if table.count > 100_000 { table = table.filter { $0.value.start + window > now } }
        }
    }
}
