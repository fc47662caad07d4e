#if PostgreSQL
import Foundation
import MCStorePostgres
import MCTestSupport
import Testing

/// libpq's `sslmode` meanings against the real server, with TLS turned on for it: a throw-away
/// server of `tools/with-postgres.sh` (`MCSTAT_TEST_POSTGRES_THROWAWAY=1`) gets a self-signed
/// certificate for `mcstat-test.invalid`, a name that is not the host the tests connect to.
@Suite(.serialized) struct PostgresTLSTests {
    static let certificateName = "mcstat-test.invalid"

    /// The server's certificate (PEM file) once TLS is on.
    private func serverWithTLS(_ directory: TemporaryDirectory) throws -> String {
        let admin = try PostgresTestSession.open(try PostgresTestDatabase.serverURL())
        defer { admin.close() }
        let certificatePath: String
        if try admin.row("SHOW ssl")?.string(0) != "on" {
            guard ProcessInfo.processInfo.environment["MCSTAT_TEST_POSTGRES_THROWAWAY"] == "1" else {
                throw PostgresTestDatabase.Unavailable(description: "the test server does not offer TLS, and it is not a throw-away one whose TLS the tests may set up: run them under tools/with-postgres.sh")
            }
            let data = try #require(try admin.row("SHOW data_directory")?.string(0))
            certificatePath = "\(data)/mcstat-test.crt"
            let keyPath = "\(data)/mcstat-test.key"
            try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3", "-keyout", keyPath, "-out", certificatePath,
                              "-subj", "/CN=\(Self.certificateName)", "-addext", "subjectAltName=DNS:\(Self.certificateName)"])
            // The server reads them as the data folder's owner.
            let owner = try FileManager.default.attributesOfItem(atPath: data)
            for path in [certificatePath, keyPath] {
                chown(path, (owner[.ownerAccountID] as? NSNumber)?.uint32Value ?? 0, (owner[.groupOwnerAccountID] as? NSNumber)?.uint32Value ?? 0)
                chmod(path, 0o600)
            }
            try admin.execute("ALTER SYSTEM SET ssl_cert_file = '\(certificatePath)'")
            try admin.execute("ALTER SYSTEM SET ssl_key_file = '\(keyPath)'")
            try admin.execute("ALTER SYSTEM SET ssl = on")
            try admin.execute("SELECT pg_reload_conf()")
            // The reload is asynchronous: new sessions see TLS once the server has read it
            // (a generous hang guard, not a timing).
            let deadline = Date().addingTimeInterval(120)
            while try admin.row("SELECT setting FROM pg_settings WHERE name = 'ssl'")?.string(0) != "on" {
                try #require(Date() < deadline, "the server did not turn TLS on")
                usleep(50_000)
            }
        } else {
            let file = try #require(try admin.row("SHOW ssl_cert_file")?.string(0))
            let data = try #require(try admin.row("SHOW data_directory")?.string(0))
            certificatePath = file.hasPrefix("/") ? file : "\(data)/\(file)"
        }
        let copy = directory.path("server.crt")
        try FileManager.default.copyItem(atPath: certificatePath, toPath: copy)
        let subject = try Self.openssl(["x509", "-in", copy, "-noout", "-subject"])
        guard subject.contains(Self.certificateName) else {
            throw PostgresTestDatabase.Unavailable(description: "the test server's TLS certificate is not the tests' own (\(subject)): run them under tools/with-postgres.sh")
        }
        return copy
    }

    @discardableResult
    private static func openssl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments.first ?? "") failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether a session with `parameters` is encrypted; throws when it cannot connect.
    private func encrypted(_ parameters: String, home: String) throws -> Bool {
        let server = try PostgresTestDatabase.serverURL()
        let separator = server.contains("?") ? "&" : "?"
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        environment["PGSSLMODE"] = nil
        environment["PGSSLROOTCERT"] = nil
        let location = try PostgresTestSession.location(server + separator + parameters, environment: environment)
        let session = try PostgresSession(location: location, applicationName: "mcstat tls test", environment: environment)
        defer { session.close() }
        return try session.row("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")?.bool(0) == true
    }

    @Test func sslModesWithLibpqsMeanings() throws {
        let directory = try TemporaryDirectory()
        let certificate = try serverWithTLS(directory)
        let other = directory.path("other.crt")
        try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3", "-keyout", directory.path("other.key"),
                          "-out", other, "-subj", "/CN=someone-else.invalid"])
        let home = directory.path("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)

        #expect(try encrypted("sslmode=disable", home: home) == false)
        #expect(try encrypted("sslmode=allow", home: home) == false)  // plain first; the server takes it
        #expect(try encrypted("sslmode=prefer", home: home) == true)
        // require: encrypted, a self-signed certificate for another name is not checked.
        #expect(try encrypted("sslmode=require", home: home) == true)
        // verify-ca: the chain is checked (the server's own certificate is its root here), the
        // host name is not (the certificate names mcstat-test.invalid, we connect to localhost).
        #expect(try encrypted("sslmode=verify-ca&sslrootcert=\(certificate)", home: home) == true)
        let wrongRoot = #expect(throws: PostgresStoreError.self) { try encrypted("sslmode=verify-ca&sslrootcert=\(other)", home: home) }
        #expect(wrongRoot?.exitCode == 4)
        // verify-full: the host name is checked too.
        #expect(throws: PostgresStoreError.self) { try encrypted("sslmode=verify-full&sslrootcert=\(certificate)", home: home) }
        // The verify modes need a root certificate; without one they say where it was looked for.
        let noRoot = #expect(throws: PostgresStoreError.self) { try encrypted("sslmode=verify-ca", home: home) }
        #expect(noRoot.map { "\($0)".contains("\(home)/.postgresql/root.crt does not exist") } == true)
        // As libpq: with ~/.postgresql/root.crt present, require checks the chain against it.
        try FileManager.default.createDirectory(atPath: "\(home)/.postgresql", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: other, toPath: "\(home)/.postgresql/root.crt")
        #expect(throws: PostgresStoreError.self) { try encrypted("sslmode=require", home: home) }
        try FileManager.default.removeItem(atPath: "\(home)/.postgresql/root.crt")
        try FileManager.default.copyItem(atPath: certificate, toPath: "\(home)/.postgresql/root.crt")
        #expect(try encrypted("sslmode=require", home: home) == true)
        #expect(try encrypted("sslmode=verify-ca", home: home) == true)
    }
}
#endif
