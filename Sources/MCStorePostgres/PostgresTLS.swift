#if PostgreSQL
import Foundation
internal import NIOSSL
internal import PostgresNIO

/// The TLS settings of a connection for each libpq `sslmode`: `require` encrypts without checking
/// the certificate, `verify-ca` checks its chain but not the host name, `verify-full` both.
/// As libpq does, `require` checks the chain too when a root certificate file is there, and the
/// `verify-` modes need one (`sslrootcert`, `~/.postgresql/root.crt`, or `sslrootcert=system`).
enum PostgresTLS {
    /// The first and, for `allow`, the second TLS setting to try.
    static func attempts(for location: PostgresLocation, home: String?) throws(PostgresStoreError) -> [PostgresConnection.Configuration.TLS] {
        if location.isUnixSocket { return [.disable] }  // libpq: no TLS over a Unix socket
        let rootFile = try rootCertificate(location, home: home)
        switch location.sslMode {
        case .disable: return [.disable]
        case .allow: return [.disable, .require(try context(verification: .none, roots: nil, location))]
        case .prefer: return [.prefer(try context(verification: .none, roots: nil, location))]
        case .require:
            let verification: CertificateVerification = rootFile == nil ? .none : .noHostnameVerification
            return [.require(try context(verification: verification, roots: rootFile, location))]
        case .verifyCA, .verifyFull:
            guard let rootFile else {
                let expected = home.map { "\($0)/.postgresql/root.crt" } ?? "~/.postgresql/root.crt"
                throw .cannotConnect(store: location.display, reason: "sslmode=\(location.sslMode.rawValue) needs the server's root certificate: the file \(expected) does not exist. Name one with sslrootcert=PATH (or sslrootcert=system for the system's roots), or use sslmode=require to encrypt without checking the certificate")
            }
            if location.sslMode == .verifyFull, location.host.contains(":") || location.host.allSatisfy({ $0.isNumber || $0 == "." }) {
                throw .cannotConnect(store: location.display, reason: "sslmode=verify-full needs the host named as its certificate names it, not by address")
            }
            let verification: CertificateVerification = location.sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
            return [.require(try context(verification: verification, roots: rootFile, location))]
        }
    }

    /// The root certificate file to check against: `sslrootcert`, else `~/.postgresql/root.crt`
    /// when it exists; `system` stands for the system's roots.
    private static func rootCertificate(_ location: PostgresLocation, home: String?) throws(PostgresStoreError) -> String? {
        if let given = location.sslRootCert {
            if given == "system" { return given }
            guard FileManager.default.fileExists(atPath: given) else {
                throw .cannotConnect(store: location.display, reason: "the root certificate file \"\(given)\" (sslrootcert) does not exist")
            }
            return given
        }
        guard let home else { return nil }
        let standard = "\(home)/.postgresql/root.crt"
        return FileManager.default.fileExists(atPath: standard) ? standard : nil
    }

    private static func context(verification: CertificateVerification, roots: String?, _ location: PostgresLocation) throws(PostgresStoreError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = verification
        if let roots { configuration.trustRoots = roots == "system" ? .default : .file(roots) }
        do { return try NIOSSLContext(configuration: configuration) } catch {
            throw .cannotConnect(store: location.display, reason: "TLS set-up failed: \(error)")
        }
    }
}
#endif
