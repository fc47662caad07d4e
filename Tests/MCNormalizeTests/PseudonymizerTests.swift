import Foundation
import MCNormalize
import Testing

@Suite struct PseudonymizerTests {
    @Test func isHMACSHA256() {
        // RFC 4231, test case 1 (20-byte key).
        let p = Pseudonymizer(secret: Data(repeating: 0x0b, count: 20))
        #expect(p.key(for: "Hi There") == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        // RFC 4231, test case 6 (131-byte key, longer than SHA-256's block).
        let long = Pseudonymizer(secret: Data(repeating: 0xaa, count: 131))
        #expect(long.key(for: "Test Using Larger Than Block-Size Key - Hash Key First")
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// Two pseudonymizers made separately from the same key bytes agree (tonight's ingest and
    /// tomorrow's count a learner once); any other key gives other pseudonyms.
    @Test func sameKeySamePseudonymOtherKeyOtherPseudonym() {
        let secret = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        let tonight = Pseudonymizer(secret: secret)
        let tomorrow = Pseudonymizer(secret: Data(Array(secret)))
        var changed = secret
        changed[31] ^= 0x01
        let other = Pseudonymizer(secret: changed)
        for id in ["STU-000001", "STU-000002", "a", "Müller-7"] {
            #expect(tonight.key(for: id) == tomorrow.key(for: id))
            #expect(tonight.key(for: id) != other.key(for: id))
        }
        #expect(tonight.key(for: "STU-000001") != tonight.key(for: "STU-000002"))
    }

    @Test func pseudonymIsLowerHexAndDoesNotContainTheId() {
        let p = Pseudonymizer(secret: Data(repeating: 9, count: 32))
        for id in ["STU-000001", "learner-42@uni.example", "Müller", "x"] {
            let key = p.key(for: id)
            #expect(key.count == 64)
            #expect(key.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(!key.contains(id.lowercased()))
        }
    }

    /// `validate` keeps and shows no learner key, so it computes none.
    @Test func withoutKeysComputesNone() {
        #expect(!Pseudonymizer.withoutKeys.computesKeys)
        #expect(Pseudonymizer.withoutKeys.key(for: "S-1") == "")
        #expect(Pseudonymizer.ephemeral().computesKeys)
    }
}
