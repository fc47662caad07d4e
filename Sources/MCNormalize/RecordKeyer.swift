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
        key("rec", awardingBodyId, credentialId)
    }

    /// The record key of the learner whose pseudonymous key is `learnerKey`.
    package func learner(_ learnerKey: String) -> UInt64 {
        key("lrn", learnerKey)
    }

    /// The key of `tag` 0x1F `first` (0x1F `second`): the message is put together in one buffer
    /// and fed in one update, since each `HMAC.update` goes through `DataProtocol`'s generic
    /// path (two keys are made for every stored record).
    private func key(_ tag: StaticString, _ first: String, _ second: String? = nil) -> UInt64 {
        let (firstCount, secondCount) = (first.utf8.count, second.map { $0.utf8.count + 1 } ?? 0)
        let count = tag.utf8CodeUnitCount + 1 + firstCount + secondCount
        return withUnsafeTemporaryAllocation(byteCount: count, alignment: 1) { message in
            var at = 0
            func put(_ bytes: UnsafeRawBufferPointer) {
                message.baseAddress!.advanced(by: at).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
                at += bytes.count
            }
            func put(_ text: String) {
                var text = text
                text.withUTF8 { if $0.count > 0 { put(UnsafeRawBufferPointer($0)) } }
            }
            put(UnsafeRawBufferPointer(start: tag.utf8Start, count: tag.utf8CodeUnitCount))
            message[at] = 0x1F
            at += 1
            put(first)
            if let second {
                message[at] = 0x1F
                at += 1
                put(second)
            }
            var hmac = keyed
            hmac.update(data: UnsafeRawBufferPointer(message))
            return hmac.finalize().withUnsafeBytes { bytes in bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        }
    }
}
