internal import Crypto
import Foundation
internal import MCModel

/// Turns learner identifiers into keys: `HMAC-SHA256(secret, trimmed id)`, lower-case hex.
///
/// The same id gives the same key in every file and every night (so distinct learners can be
/// counted), while the keys alone cannot be turned back into ids without the secret.
package struct Pseudonymizer: Sendable {
    /// HMAC state with the key already absorbed; copied per learner (its digest state is
    /// copy-on-write), never mutated in place, so sharing it across threads is safe.
    private nonisolated(unsafe) let keyed: HMAC<SHA256>?
    /// The cell key method's record keys from the same secret (nil for ``withoutKeys``).
    package let recordKeyer: RecordKeyer?

    /// Minimum secret length in bytes.
    package static let minimumSecretLength = 32

    /// - Precondition: `secret` holds at least ``minimumSecretLength`` bytes (checked by the
    ///   key-file loader, which reports a clear error instead).
    package init(secret: Data) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
        recordKeyer = RecordKeyer(secret: secret)
    }

    private init(keyed: HMAC<SHA256>?) {
        self.keyed = keyed
        recordKeyer = nil
    }

    /// A pseudonymizer with a fresh random secret, for checks that store nothing.
    package static func ephemeral() -> Pseudonymizer {
        Pseudonymizer(secret: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// For checks that neither store nor show a learner key (`validate`): no key is computed,
    /// every learner's key is empty. Never for a store.
    package static let withoutKeys = Pseudonymizer(keyed: nil)

    /// Whether keys are computed (false for ``withoutKeys``).
    package var computesKeys: Bool { keyed != nil }

    /// The key of a learner id (trimmed of ASCII white space first).
    package func key(for learnerId: String) -> String {
        guard var hmac = keyed else { return "" }
        var id = learnerId
        id.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        return hmac.finalize().withUnsafeBytes { Hex.string($0) }
    }
}
