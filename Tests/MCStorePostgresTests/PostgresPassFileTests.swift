import Foundation
import MCStorePostgres
import MCTestSupport
import Testing

@Suite struct PostgresPassFileTests {
    private let location = try! PostgresLocation(url: "postgresql://stats@db.example.org:6543/mcstat", environment: [:], currentUser: "x")

    @Test func firstMatchingLineWithWildcardsAndEscapes() {
        let text = """
            # comment
            other.example.org:6543:mcstat:stats:wrong-host
            db.example.org:5432:mcstat:stats:wrong-port
            db.example.org:*:mcstat:stats:pa\\:ss\\\\word
            *:*:*:*:catch-all
            """
        #expect(PostgresPassFile.match(text, location: location) == "pa:ss\\word")
        #expect(PostgresPassFile.match("*:*:*:*:catch-all\n", location: location) == "catch-all")
        #expect(PostgresPassFile.match("db.example.org:6543:mcstat:other:x\n", location: location) == nil)
        #expect(PostgresPassFile.match("db.example.org:6543:mcstat\n", location: location) == nil)
        // The password is the rest of the line, with its own escapes.
        #expect(PostgresPassFile.match("*:*:*:*:a:b\\:c\r\n", location: location) == "a:b:c")
    }

    @Test func defaultSocketFolderMatchesLocalhost() throws {
        let socket = try PostgresLocation(url: "postgresql://stats@/mcstat", environment: [:], currentUser: "x")
        #expect(PostgresPassFile.match("localhost:5432:mcstat:stats:local\n", location: socket) == "local")
    }

    @Test func environmentPasswordComesFirst() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("pgpass", "*:*:*:*:from-file\n")
        chmod(file, 0o600)
        var here = location
        here.passFile = file
        #expect(PostgresPassFile.password(for: here, environment: ["PGPASSWORD": "from-env"]).password == "from-env")
        #expect(PostgresPassFile.password(for: here, environment: ["PGPASSWORD": ""]).password == "from-file")
        #expect(PostgresPassFile.password(for: here, environment: [:]).password == "from-file")
    }

    @Test func fileOpenToOthersIsIgnoredWithAWarning() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("pgpass", "*:*:*:*:do-not-show-me\n")
        var here = location
        here.passFile = file
        for mode: mode_t in [0o640, 0o604, 0o620, 0o660] {
            chmod(file, mode)
            let lookup = PostgresPassFile.password(for: here, environment: [:])
            #expect(lookup.password == nil, "mode \(String(mode, radix: 8))")
            #expect(lookup.warnings.count == 1)
            #expect(lookup.warnings.first.map { $0.contains("group or world access") && !$0.contains("do-not-show-me") } == true)
        }
        chmod(file, 0o400)
        #expect(PostgresPassFile.password(for: here, environment: [:]) == .init(password: "do-not-show-me", warnings: []))
    }

    @Test func homePgpassAndNotAFile() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write(".pgpass", "*:*:*:*:home\n")
        chmod(file, 0o600)
        #expect(PostgresPassFile.password(for: location, environment: ["HOME": directory.url.path]).password == "home")
        var folder = location
        folder.passFile = directory.url.path
        #expect(PostgresPassFile.password(for: folder, environment: [:]).warnings.first?.contains("not a plain file") == true)
        var missing = location
        missing.passFile = directory.path("none")
        #expect(PostgresPassFile.password(for: missing, environment: [:]) == .init(password: nil, warnings: []))
    }

    @Test func passfileParameterAndVariable() throws {
        let fromURL = try PostgresLocation(url: "postgresql://u@h/d?passfile=%2Fsecrets%2Fpgpass", environment: [:], currentUser: "x")
        #expect(fromURL.passFile == "/secrets/pgpass")
        let fromEnvironment = try PostgresLocation(url: "postgresql://u@h/d", environment: ["PGPASSFILE": "/p"], currentUser: "x")
        #expect(fromEnvironment.passFile == "/p")
    }
}
