/// libpq's `sslmode` values, with libpq's meanings.
package enum PostgresSSLMode: String, Sendable, CaseIterable {
    /// Never encrypt.
    case disable
    /// Plain first; encrypted only when the server insists on it.
    case allow
    /// Encrypted when the server offers it, else plain (libpq's default). No certificate check.
    case prefer
    /// Encrypted always; the certificate is not checked (unless a root certificate file is
    /// present, in which case libpq checks it as `verify-ca` does: so does mcstat).
    case require
    /// Encrypted, and the server's certificate must chain to a trusted root; the host name is
    /// not compared.
    case verifyCA = "verify-ca"
    /// Encrypted, the certificate chains to a trusted root and names the host connected to.
    case verifyFull = "verify-full"

    /// Whether the connection must be encrypted.
    package var requiresEncryption: Bool {
        switch self {
        case .disable, .allow, .prefer: false
        case .require, .verifyCA, .verifyFull: true
        }
    }
}
