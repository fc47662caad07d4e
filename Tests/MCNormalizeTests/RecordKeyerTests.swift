import Foundation
@testable import MCNormalize
import Testing

/// The record keys of the cell key method (reports.md) are the spec's HMACs, byte for byte:
/// K = HMAC-SHA256(secret, "mcstat ckm v1"), a credential's key the first 8 bytes, big-endian,
/// of HMAC-SHA256(K, "rec" 0x1F body 0x1F id), a learner's of HMAC-SHA256(K, "lrn" 0x1F key).
/// The expected values were computed apart from mcstat, with Python's `hmac` and `hashlib`.
@Suite struct RecordKeyerTests {
    static let keyer = RecordKeyer(secret: Data(0..<32))

    @Test func credentialKeysAreTheSpecsHMAC() {
        #expect(RecordKeyerTests.keyer.credential(awardingBodyId: "DE-HS-1", credentialId: "C-1") == 0x324b_f4e4_098e_872a)
        #expect(RecordKeyerTests.keyer.credential(awardingBodyId: "École-7", credentialId: "cred/é 9") == 0xb6a0_eb63_9e47_0bb1)
        #expect(RecordKeyerTests.keyer.credential(awardingBodyId: "", credentialId: "") == 0x6beb_14c2_8350_2442)
    }

    @Test func learnerKeysAreTheSpecsHMAC() {
        #expect(RecordKeyerTests.keyer.learner("abc123") == 0xbd2e_8b0f_6395_e95b)
    }

    /// The separator keeps the parts apart: moving a byte from one part to the other changes
    /// the key.
    @Test func partsAreSeparated() {
        #expect(RecordKeyerTests.keyer.credential(awardingBodyId: "DE-HS-1", credentialId: "C-1")
                != RecordKeyerTests.keyer.credential(awardingBodyId: "DE-HS-1C", credentialId: "-1"))
    }
}
