import Foundation
import MCTestSupport
import Testing

/// The built service under a lowered open-file limit (`prlimit`), as an attacker would try it:
/// more connections than it has file descriptors, request heads and uploads trickled byte by
/// byte, a SIGTERM with an upload that never ends. It must refuse cleanly, cut the slow clients
/// off, never die, and serve again. Every exchange runs on Dispatch threads (blocking sockets);
/// the deadlines given to the service are short, the test's waits are only hang guards.
@Suite(.serialized) struct ConnectionDisciplineTests {
    typealias Server = ServeProcessTests.Server

    /// How a flood connection ended: the status it was answered with, or nil (closed without one).
    static func ending(of socket: Int32) -> Int? {
        defer { close(socket) }
        return (try? HTTPProbe.parse(HTTPProbe.readAll(socket)))?.status
    }

    /// Asks `GET /healthz` until it answers 200; false if it never did within the guard.
    static func servesAgain(_ port: Int, guardSeconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(guardSeconds)
        while Date() < deadline {
            if let socket = try? HTTPProbe.connect(port) {
                defer { close(socket) }
                let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                if (try? HTTPProbe.write(socket, Data(request.utf8))) != nil,
                   let answer = try? HTTPProbe.parse(HTTPProbe.readAll(socket)), answer.status == 200 { return true }
            }
            usleep(100_000)
        }
        return false
    }

    @Test func aFloodPastTheFileLimitIsRefusedAndTheServiceServesAgain() async throws {
        let outcome = try await HTTPProbe.onDispatch { () -> (endings: [Int?], alive: Bool, servedAgain: Bool, server: Server) in
            // 128 descriptors, hard limit too: 300 connections would take more than the process has.
            let server = try Server.start(["--header-timeout", "2"], fileLimit: "128:128")
            var sockets: [Int32] = []
            for _ in 0..<300 {
                guard let socket = try? HTTPProbe.connect(server.port) else { continue }
                sockets.append(socket)
                // A request head that never ends.
                _ = try? HTTPProbe.write(socket, Data("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8))
            }
            let endings = sockets.map(Self.ending)
            let alive = server.process.isRunning
            return (endings, alive, Self.servesAgain(server.port), server)
        }
        let server = outcome.server
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        #expect(outcome.endings.count == 300, "connections that could not even be opened: \(300 - outcome.endings.count)")
        let refused = outcome.endings.filter { $0 == 503 }.count
        let timedOut = outcome.endings.filter { $0 == 408 }.count
        // The cap (a quarter of 128) holds some; the rest are refused at once, not left hanging.
        #expect(refused > 0 && timedOut > 0 && timedOut <= 32, "503: \(refused), 408: \(timedOut), other: \(outcome.endings.filter { $0 != 503 && $0 != 408 }.count)")
        #expect(outcome.alive)
        #expect(outcome.servedAgain)
        kill(server.process.processIdentifier, SIGTERM)
        #expect(server.waitForExit(seconds: 60))
        #expect(server.process.terminationStatus == 0)
    }

    @Test func slowUploadsAreCutOffLeaveNothingAndTheServiceServesAgain() async throws {
        let outcome = try await HTTPProbe.onDispatch { () -> (endings: [Int?], alive: Bool, landed: Int?, staged: [String], server: Server) in
            let server = try Server.start(["--min-upload-rate", "1K", "--upload-rate-window", "1"], fileLimit: "128:128")
            var sockets: [Int32] = []
            for _ in 0..<100 {
                // Each promises 100 kB and sends 10 bytes: far below 1 KiB/s.
                guard let socket = try? HTTPProbe.begin(server.port, "/api/v1/submissions", token: server.token,
                                                        declared: 100_000, first: Data("learner_id".utf8)) else { continue }
                sockets.append(socket)
            }
            let endings = sockets.map(Self.ending)
            let alive = server.process.isRunning
            var landed: Int?
            let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
            let deadline = Date().addingTimeInterval(60)
            while landed == nil && Date() < deadline {
                if let socket = try? HTTPProbe.begin(server.port, "/api/v1/submissions", token: server.token, declared: bytes.count, first: bytes) {
                    landed = (try? HTTPProbe.parse(HTTPProbe.readAll(socket)))?.status
                    close(socket)
                    if landed == 503 { landed = nil; usleep(100_000) }
                }
            }
            let staged = (try? FileManager.default.contentsOfDirectory(atPath: server.directory.path("inbox/.incoming"))) ?? []
            return (endings, alive, landed, staged, server)
        }
        let server = outcome.server
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        #expect(outcome.endings.count == 100)
        // None of the slow uploads was taken: refused at the cap, or cut off (closed, no answer).
        #expect(outcome.endings.allSatisfy { $0 == nil || $0 == 503 }, "\(outcome.endings)")
        #expect(outcome.alive)
        #expect(outcome.landed == 201)
        #expect(outcome.staged.isEmpty, "\(outcome.staged)")
        #expect(server.landed().count == 1)
    }

    @Test func aTrickledUploadAtSIGTERMIsCutOffAtTheShutdownDeadline() async throws {
        let server = try await HTTPProbe.onDispatch {
            // The soft limit is raised to the hard one at start.
            let server = try Server.start(["--min-upload-rate", "0", "--shutdown-timeout", "1"], fileLimit: "256:2048")
            let socket = try HTTPProbe.begin(server.port, "/api/v1/submissions", token: server.token, declared: 100_000, first: Data("learner_id".utf8))
            let staging = server.directory.path("inbox/.incoming")
            for _ in 0..<600 where ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).isEmpty { usleep(50_000) }
            kill(server.process.processIdentifier, SIGTERM)
            _ = server.waitForExit(seconds: 60)
            close(socket)
            return server
        }
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        #expect(!server.process.isRunning, "the service still waits for the trickled upload")
        #expect(server.landed().isEmpty)
    }

    @Test func theSoftFileLimitIsRaisedToTheHardOne() async throws {
        let server = try await HTTPProbe.onDispatch { try Server.start(fileLimit: "256:2048") }
        defer { server.process.terminate(); server.process.waitUntilExit(); server.directory.remove() }
        let limits = try String(contentsOfFile: "/proc/\(server.process.processIdentifier)/limits", encoding: .utf8)
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        #expect(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(3).prefix(2) == ["2048", "2048"], "\(line)")
    }
}
