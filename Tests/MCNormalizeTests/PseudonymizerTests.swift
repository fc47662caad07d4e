import Foundation
import MCNormalize
import Testing

@Suite struct PseudonymizerTests {
    @Test func isHMACSHA256() {
        // RFC 4231, test case 1.
        let p = Pseudonymizer(secret: Data(repeating: 0x0b, count: 20))
        #expect(p.key(for: "Hi There") == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func sameIdSameKeyOtherSecretOtherKey() {
        let a = Pseudonymizer(secret: Data(repeating: 1, count: 32))
        let b = Pseudonymizer(secret: Data(repeating: 2, count: 32))
        #expect(a.key(for: "STU-1") == a.key(for: "STU-1"))
        #expect(a.key(for: "STU-1") != a.key(for: "STU-2"))
        #expect(a.key(for: "STU-1") != b.key(for: "STU-1"))
    }
}
