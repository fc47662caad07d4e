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
        /// The service's standard error after its first line.
        let errors: Pipe
        /// What the service wrote to standard error before it said where it listens.
        let earlier: [String]
        let port: Int
        let token: String
        let directory: TemporaryDirectory

        /// Starts the service with `arguments` added, under `prlimit --nofile=fileLimit` when given.
        /// The account is a submitter for `awardingBody`; the audit log goes to `audit.jsonl`
        /// unless `auditLog` is false (then to standard error).
        static func start(_ arguments: [String] = [], fileLimit: String? = nil, umask: String? = nil,
                          awardingBody: String = "DE-HRK-0815", auditLog: Bool = true) throws -> Server {
            let directory = try TemporaryDirectory()
            // The store in a folder of its own: the inbox may not lie inside the store's folder.
            try FileManager.default.createDirectory(atPath: directory.path("store"), withIntermediateDirectories: true)
            let store = directory.path("store/mcstat.sqlite")
            let added = try ProcessRunner.run(executable, ["accounts", "add", "--role", "submitter", "--awarding-body", awardingBody, "--store", store])
            #expect(added.status == 0, "\(added.stderr)")
            let token = try #require(added.stdout.firstMatch(of: /token: (\S+)/)?.1)
            let process = Process()
            let serve = ["serve", "--listen", "127.0.0.1:0", "--store", store, "--inbox", directory.path("inbox"),
                         "--reports", directory.path("reports")] + (auditLog ? ["--audit-log", directory.path("audit.jsonl")] : []) + arguments
            if let fileLimit {
                // prlimit sets the limit, then execs the service: the same process id.
                process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
                process.arguments = ["--nofile=\(fileLimit)", "--", executable] + serve
            } else if let umask {
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", executable] + serve
            } else {
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = serve
            }
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            // Lines up to the one naming the port (log events at a lower --log-level may come first);
            // with --log-format json that line is an event too.
            var earlier: [String] = []
            var port: Int?
            while port == nil {
                var line = Data()
                while !line.contains(0x0A), let byte = try errors.fileHandleForReading.read(upToCount: 1), !byte.isEmpty { line.append(byte) }
                let text = String(decoding: line, as: UTF8.self)
                guard !line.isEmpty else { break }
                port = text.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }
                if port == nil { earlier.append(text.trimmingCharacters(in: .newlines)) }
            }
            let listening = try #require(port, "\(earlier)")
            return Server(process: process, errors: errors, earlier: earlier, port: listening, token: String(token), directory: directory)
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

    /// What a SIGTERM during an upload came to: whether the upload was being written when the
    /// signal went, whether the service then refused new connections, the answer to the upload
    /// when its rest was sent (nil when the client hung up instead).
    struct SIGTERMDuringUpload: @unchecked Sendable {
        var server: Server
        var wasStaged: Bool
        var refusedNewConnections: Bool
        var answer: HTTPProbe.Answer?
    }

    /// Sends half of an upload, SIGTERM once the service is writing it, waits until the service
    /// refuses new connections, then sends the rest (`finish`) or hangs up.
    ///
    /// The whole exchange runs on one Dispatch thread, never on the test's cooperative threads:
    /// other suites' synchronous tests (the browser and API-fuzz tests block for minutes while
    /// their set-up runs) can hold every cooperative thread, and a test that resumed only after
    /// the service's idle deadline found its half-sent upload rightly dropped as a stalled client.
    static func sigtermDuringUpload(finish: Bool) async throws -> SIGTERMDuringUpload {
        try await HTTPProbe.onDispatch {
            // No rate minimum and a long shutdown deadline: the exchange must not depend on how
            // fast this machine is (the deadlines have tests of their own).
            let server = try Server.start(["--min-upload-rate", "0", "--shutdown-timeout", "3600"])
            let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
            let half = bytes.count / 2
            let socket = try HTTPProbe.begin(server.port, "/api/v1/submissions", token: server.token, declared: bytes.count, first: bytes.prefix(half))
            // SIGTERM once the service is writing the upload (its staging file exists), not before.
            let staging = server.directory.path("inbox/.incoming")
            let staged = { !((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).isEmpty }
            for _ in 0..<600 where !staged() { usleep(50_000) }
            let wasStaged = staged()
            kill(server.process.processIdentifier, SIGTERM)
            // The rest of the upload goes only once the service has begun to stop: it no longer
            // takes new connections (a fixed wait proved nothing on a busy machine).
            var refused = false
            for _ in 0..<600 where !refused {
                if let other = try? HTTPProbe.connect(server.port) { close(other); usleep(50_000) } else { refused = true }
            }
            guard finish else {
                close(socket)
                return SIGTERMDuringUpload(server: server, wasStaged: wasStaged, refusedNewConnections: refused, answer: nil)
            }
            defer { close(socket) }
            try HTTPProbe.write(socket, bytes.dropFirst(half))
            let answer = try HTTPProbe.parse(HTTPProbe.readAll(socket))
            return SIGTERMDuringUpload(server: server, wasStaged: wasStaged, refusedNewConnections: refused, answer: answer)
        }
    }

    @Test func anUploadInFlightAtSIGTERMFinishesAndLands() async throws {
        let outcome = try await Self.sigtermDuringUpload(finish: true)
        let server = outcome.server
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        #expect(outcome.wasStaged)
        #expect(outcome.refusedNewConnections, "the service still takes new connections after SIGTERM")
        #expect(outcome.answer?.status == 201, "\(outcome.answer?.text ?? "")")
        #expect(server.waitForExit(seconds: 20))
        #expect(server.process.terminationStatus == 0)
        #expect(server.landed().count == 1 && server.landed()[0].hasSuffix(".csv"), "\(server.landed())")
    }

    @Test func anUploadAbandonedAtSIGTERMLeavesNothing() async throws {
        let outcome = try await Self.sigtermDuringUpload(finish: false)
        let server = outcome.server
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        #expect(outcome.wasStaged)
        #expect(outcome.refusedNewConnections, "the service still takes new connections after SIGTERM")
        #expect(server.waitForExit(seconds: 20))
        #expect(server.landed().isEmpty, "\(server.landed())")
    }

    /// One log handler for the command line and the service: `serve --log-format json` writes
    /// its own events and, without `--audit-log`, the audit log to standard error as JSON lines,
    /// each value of the type it was given (an awarding body `0815` stays the string "0815").
    @Test func serveLogsJSONLinesWithEveryValueAsGiven() async throws {
        let server = try Server.start(["--log-format", "json", "--log-level", "info"], awardingBody: "0815", auditLog: false)
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        let probe = HTTPProbe(port: server.port)
        let answer = try await probe.send("POST", "/api/v1/submissions", token: server.token, body: Data(contentsOf: SubmissionTests.sampleURL))
        #expect(answer.status == 201, "\(answer.text)")
        kill(server.process.processIdentifier, SIGTERM)
        #expect(server.waitForExit(seconds: 60))
        let rest = String(decoding: server.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // Every line is a JSON object: Hummingbird's events, the service's own and the audit log's.
        let lines = server.earlier + rest.split(separator: "\n").map(String.init)
        let events = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)") }
        #expect(events.allSatisfy { $0["time"] is String && $0["level"] is String && $0["message"] is String })
        #expect(events.contains { ($0["message"] as? String)?.hasPrefix("Server started and listening") == true }, "\(lines)")
        #expect(events.contains { $0["message"] as? String == "stopped" && $0["command"] as? String == "serve" }, "\(lines)")
        let submission = try #require(events.first { $0["event"] as? String == "submission" }, "\(lines)")
        #expect(submission["awarding_body"] as? String == "0815")
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
