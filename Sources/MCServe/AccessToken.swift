internal import Crypto
internal import MCModel

/// Bearer tokens: `<account id>.<secret>`, the secret 32 random bytes as 64 hexadecimal digits.
/// Shown once; stored only as the SHA-256 of the whole token and compared in constant time. The
/// account id in front lets failed sign-ins be counted per account.
package enum AccessToken {
    /// A new token for `accountId` (32 bytes from the system's secure generator).
    package static func generate(accountId: String) -> String {
        accountId + "." + randomHex(bytes: 32)
    }

    /// The account id a token names, when it has the shape of a token at all.
    package static func accountId(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 64, (1...32).contains(parts[0].count),
              token.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == ".") }) else { return nil }
        return String(parts[0])
    }

    /// `bytes` random bytes as hex: tokens, ids, session and CSRF secrets.
    package static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexString
    }

    /// The SHA-256 of a token, as stored.
    package static func digest(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).hexString
    }

    /// Compares two digests in time that depends only on their lengths, never on where they differ.
    package static func constantTimeEquals(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8), b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
