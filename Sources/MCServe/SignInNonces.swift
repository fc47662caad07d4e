import Synchronization

/// The CSRF values of sign-in forms this service issued, each good for one sign-in within its
/// lifetime: a form value and cookie a third party made up itself match nothing here. At most
/// `capacity` are kept (expired ones go first), so asking for forms cannot exhaust memory.
package final class SignInNonces: Sendable {
    package let lifetime: Duration
    package let capacity: Int
    private let issued = Mutex<[String: ContinuousClock.Instant]>([:])

    package init(lifetime: Duration = .seconds(3600), capacity: Int = 100_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// A new nonce for a sign-in form.
    package func issue() -> String {
        let nonce = AccessToken.randomHex(bytes: 16)
        let now = ContinuousClock.now
        issued.withLock { table in
            if table.count >= capacity { table = table.filter { $0.value > now } }
            while table.count >= capacity, let any = table.keys.first { table[any] = nil }
            table[nonce] = now + lifetime
        }
        return nonce
    }

    /// Whether `nonce` was issued here and is still good; it is used up either way.
    package func consume(_ nonce: String) -> Bool {
        issued.withLock { table in
            guard let expires = table.removeValue(forKey: nonce) else { return false }
            return expires > .now
        }
    }
}
