import Foundation
import MCTestSupport
import Testing

/// The built `mcstat serve` and `mcstat accounts` as a ministry runs them: accounts from the
/// command line, and SIGTERM during an upload (the upload finishes, or is discarded whole).
@Suite(.serialized) struct ServeProcessTests {
    static var executable: String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("mcstat").path), directory.pathComponents.count > 1 {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("mcstat").path
    }

    /// A running `mcstat serve` with one submitter account.
    struct Server {
        let process: Process
        let port: Int
        let token: String
        let directory: TemporaryDirectory

        static func start() throws -> Server {
            let directory = try TemporaryDirectory()
            let store = directory.path("mcstat.sqlite")
            let added = try ProcessRunner.run(executable, ["accounts", "add", "--role", "submitter", "--awarding-body", "DE-HRK-0815", "--store", store])
            #expect(added.status == 0, "\(added.stderr)")
            let token = try #require(added.stdout.firstMatch(of: /token: (\S+)/)?.1)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["serve", "--listen", "127.0.0.1:0", "--store", store, "--inbox", directory.path("inbox"),
                                 "--reports", directory.path("reports"), "--audit-log", directory.path("audit.jsonl")]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            var line = Data()
            while !line.contains(0x0A), let byte = try errors.fileHandleForReading.read(upToCount: 1), !byte.isEmpty { line.append(byte) }
            let text = String(decoding: line, as: UTF8.self)
            let port = try #require(text.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }, "\(text)")
            return Server(process: process, port: port, token: String(token), directory: directory)
        }

        func landed() -> [String] {
            let inbox = directory.path("inbox")
            return ((FileManager.default.enumerator(atPath: inbox)?.allObjects as? [String]) ?? []).filter {
                $0.hasSuffix(".csv") || $0.hasSuffix(".part")
            }
        }

        func waitForExit(seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            return !process.isRunning
        }
    }

    /// A running server that has received half of an upload, then SIGTERM.
    static func halfAnUploadThenSIGTERM() async throws -> (server: Server, probe: HTTPProbe, socket: Int32, rest: Data) {
        let server = try Server.start()
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        let probe = HTTPProbe(port: server.port)
        let socket = try await probe.begin("/api/v1/submissions", token: server.token, declared: bytes.count, first: bytes.prefix(bytes.count / 2))
        // SIGTERM once the service is writing the upload (its staging file exists), not before.
        let staging = server.directory.path("inbox/.incoming")
        for _ in 0..<300 where ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).isEmpty {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).count == 1)
        kill(server.process.processIdentifier, SIGTERM)
        // The rest of the upload goes only once the service has begun to stop: it no longer
        // takes new connections (a fixed wait proved nothing on a busy machine).
        var refused = false
        for _ in 0..<200 where !refused {
            if let other = try? HTTPProbe.connect(server.port) { close(other); try await Task.sleep(for: .milliseconds(50)) } else { refused = true }
        }
        #expect(refused, "the service still takes new connections after SIGTERM")
        return (server, probe, socket, bytes.dropFirst(bytes.count / 2))
    }

    @Test func anUploadInFlightAtSIGTERMFinishesAndLands() async throws {
        let (server, probe, socket, rest) = try await Self.halfAnUploadThenSIGTERM()
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        let answer = try await probe.finish(socket, rest: rest)
        #expect(answer.status == 201, "\(answer.text)")
        #expect(server.waitForExit(seconds: 20))
        #expect(server.process.terminationStatus == 0)
        #expect(server.landed().count == 1 && server.landed()[0].hasSuffix(".csv"), "\(server.landed())")
    }

    @Test func anUploadAbandonedAtSIGTERMLeavesNothing() async throws {
        let (server, _, socket, _) = try await Self.halfAnUploadThenSIGTERM()
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        close(socket)
        #expect(server.waitForExit(seconds: 20))
        #expect(server.landed().isEmpty, "\(server.landed())")
    }

    @Test func accountsAreAddedListedAndRevokedFromTheCommandLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = directory.path("mcstat.sqlite")
        let added = try ProcessRunner.run(Self.executable, ["accounts", "add", "--role", "submitter", "--awarding-body", "DE-HRK-0815",
                                                            "--awarding-body", "DE-HRK-0816", "--label", "TU Nordstadt", "--store", store])
        #expect(added.status == 0)
        let id = try #require(added.stdout.firstMatch(of: /account ([0-9a-f]{12})/)?.1)
        let token = try #require(added.stdout.firstMatch(of: /token: (\S+)/)?.1)
        let listed = try ProcessRunner.run(Self.executable, ["accounts", "list", "--store", store])
        #expect(listed.stdout.contains(String(id)) && listed.stdout.contains("DE-HRK-0815 DE-HRK-0816"))
        #expect(!listed.stdout.contains(String(token.suffix(64))))
        #expect(try ProcessRunner.run(Self.executable, ["accounts", "add", "--role", "submitter", "--store", store]).status == 2)
        #expect(try ProcessRunner.run(Self.executable, ["accounts", "revoke", String(id), "--store", store]).status == 0)
        #expect(try ProcessRunner.run(Self.executable, ["accounts", "revoke", String(id), "--store", store]).status == 2)
        let json = try ProcessRunner.run(Self.executable, ["accounts", "list", "--format", "json", "--store", store])
        #expect(json.stdout.contains(#""revoked_at""#))
    }
}
