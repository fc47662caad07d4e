internal import Crypto
import Foundation

/// The record keys of the cell key method (reports.md, "The cell key method"), made from the
/// pseudonymisation secret: K = HMAC-SHA256(secret, "mcstat ckm v1"); a credential's key is the
/// first 8 bytes, big-endian, of HMAC-SHA256(K, "rec" 0x1F awarding_body_id 0x1F credential_id),
/// a learner's of HMAC-SHA256(K, "lrn" 0x1F learner key) (the key as its lower-case hex text).
///
/// A credential keeps its key through every correction (the key depends on its identity only); a
/// learner has one key everywhere. Keys are stored, never shown.
package struct RecordKeyer: Sendable {
    /// HMAC state with K absorbed; copied per record, never mutated in place.
    private nonisolated(unsafe) let keyed: HMAC<SHA256>

    package init(secret: Data) {
        let k = HMAC<SHA256>.authenticationCode(for: Data("mcstat ckm v1".utf8), using: SymmetricKey(data: secret))
        keyed = HMAC<SHA256>(key: SymmetricKey(data: Data(k)))
    }

    /// The record key of the credential (`awardingBodyId`, `credentialId`).
    package func credential(awardingBodyId: String, credentialId: String) -> UInt64 {
        var hmac = keyed
        Self.absorb("rec", into: &hmac)
        Self.absorb(awardingBodyId, into: &hmac, separated: true)
        Self.absorb(credentialId, into: &hmac, separated: true)
        return Self.firstEightBytes(of: hmac)
    }

    /// The record key of the learner whose pseudonymous key is `learnerKey`.
    package func learner(_ learnerKey: String) -> UInt64 {
        var hmac = keyed
        Self.absorb("lrn", into: &hmac)
        Self.absorb(learnerKey, into: &hmac, separated: true)
        return Self.firstEightBytes(of: hmac)
    }

    /// Feeds `part`'s UTF-8 bytes (after a 0x1F separator when `separated`) without making an
    /// array: two keys are made for every stored record.
    private static func absorb(_ part: String, into hmac: inout HMAC<SHA256>, separated: Bool = false) {
        if separated { withUnsafeBytes(of: UInt8(0x1F)) { hmac.update(data: $0) } }
        var text = part
        text.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
    }

    private static func firstEightBytes(of hmac: HMAC<SHA256>) -> UInt64 {
        hmac.finalize().withUnsafeBytes { bytes in bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
    }
}
