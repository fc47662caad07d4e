import Foundation
import GRDB
import MCPipeline
import MCServe
import MCTestSupport
import Testing

/// What an institution sees and what the ministry's logs keep: awarding-body ids that cannot bind
/// an account to two bodies or make another folder, rejects under the file's own name with the
/// credential id, every denial and read in the audit log, internal errors with an id.
@Suite(.serialized) struct InstitutionViewTests {
    @Test func anAwardingBodyIdWithABarOrAControlCharacterIsRefusedAtAccountsAdd() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = directory.path("mcstat.sqlite")
        for bad in ["DE-HRK-0815|NL-BRIN-21XY", "DE-HRK-0815\nX", "DE\u{7F}"] {
            let added = try ProcessRunner.run(ServeProcessTests.executable, ["accounts", "add", "--role", "submitter", "--awarding-body", bad, "--store", store])
            #expect(added.status == 2, "\(bad.debugDescription): \(added.stderr)")
            #expect(!added.stdout.contains("token:"))
        }
        let fine = try ProcessRunner.run(ServeProcessTests.executable, ["accounts", "add", "--role", "submitter", "--awarding-body", "Hochschule Nord/Ost", "--store", store])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test func slashesSpacesAndLeadingDotsAreEncodedInTheFolderAndReadBack() async throws {
        let service = try await RunningService.start()
        let body = "../Hochschule Nord/Ost"
        let token = try service.token(.submitter, body)
        var lines = try String(contentsOf: SubmissionTests.sampleURL, encoding: .utf8).split(separator: "\n").map(String.init)
        lines = [lines[0]] + lines[1...].map { $0.replacingOccurrences(of: ",DE-HRK-0815,", with: ",\(body),") }
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: Data(lines.joined(separator: "\n").utf8))
        #expect(answer.status == 201, "\(answer.text)")
        let folder = "%2E.%2FHochschule%20Nord%2FOst"
        #expect(service.landedFiles().count == 1 && service.landedFiles()[0].hasPrefix(folder + "/"), "\(service.landedFiles())")
        #expect(InboxSource.folders(at: service.services.configuration.inboxPath).map(\.awardingBody) == [body])
        try await service.stop()
    }

    @Test func rejectsNameTheFileAsTheInstitutionDidWithTheCredentialId() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        let answer = try await service.probe.send("POST", "/api/v1/submissions?filename=C%3A%5Cexports%5Cdecember.csv", token: token, body: bytes)
        let receipt = try JSONDecoder().decode(Receipt.self, from: answer.body)
        #expect(receipt.name == "december.csv")
        // The nightly import of the landed file.
        let ingested = try ProcessRunner.run(ServeProcessTests.executable, ["ingest", "--quiet", "--store", service.services.configuration.storePath,
                                                                            service.directory.path("inbox/" + receipt.file)],
                                             environment: ["MCSTAT_KEY_FILE": service.directory.path("key")])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let rejects = try await service.probe.send("GET", "/api/v1/rejects", token: token)
        let list = try #require(rejects.json["rejects"] as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list.first?["file"] as? String == "december.csv")
        #expect((list.first?["credential_id"] as? String)?.hasPrefix("DE-HRK-0815-") == true, "\(list)")
        #expect(!rejects.text.contains(service.directory.path("")))
        let audit = try String(contentsOfFile: service.directory.path("audit.jsonl"), encoding: .utf8)
        #expect(audit.contains(#""event":"read_rejects""#))
        try await service.stop()
    }

    @Test func everyDenialAndEveryReadIsAuditedWithTheAddress() async throws {
        let service = try await RunningService.start()
        let own = try service.token(.submitter, "DE-HRK-0815")
        let other = try service.token(.submitter, "NL-BRIN-21XY")
        let analyst = try service.token(.analyst)
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: own, body: Data(contentsOf: SubmissionTests.sampleURL))
        let receipt = try JSONDecoder().decode(Receipt.self, from: answer.body)
        #expect(try await service.probe.send("GET", "/api/v1/submissions/\(receipt.id)", token: own).status == 200)
        #expect(try await service.probe.send("GET", "/api/v1/submissions/\(receipt.id)", token: other).status == 404)
        #expect(try await service.probe.send("GET", "/api/v1/submissions", token: analyst).status == 403)
        #expect(try await service.probe.send("GET", "/api/v1/submissions").status == 401)
        let lines = try String(contentsOfFile: service.directory.path("audit.jsonl"), encoding: .utf8).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
        let denied = lines.filter { $0["event"] == "denied" }
        #expect(denied.map { $0["status"] ?? "" }.sorted() == ["401", "403", "404"])
        #expect(denied.allSatisfy { $0["address"] == "127.0.0.1" && $0["path"] != nil })
        #expect(lines.contains { $0["event"] == "read_receipt" && $0["submission"] == receipt.id && $0["address"] == "127.0.0.1" })
        try await service.stop()
    }

    @Test func anInternalErrorIsLoggedWithAnIdTheJSONAnswerRepeats() async throws {
        let server = try await HTTPProbe.onDispatch { try ServeProcessTests.Server.start() }
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        // A store that lost a table: no client's doing, the service's error.
        try await DatabaseQueue(path: server.directory.path("store/mcstat.sqlite")).write { try $0.execute(sql: "DROP TABLE submissions") }
        let answer = try await HTTPProbe(port: server.port).send("GET", "/api/v1/submissions", token: server.token)
        #expect(answer.status == 500)
        #expect(answer.headers["content-type"] == "application/json")
        #expect(answer.headers["x-content-type-options"] == "nosniff" && answer.headers["content-security-policy"] != nil)
        let error = try #require(answer.json["error"] as? [String: Any])
        let id = try #require(error["error_id"] as? String)
        #expect(error["code"] as? String == "internal_error" && !answer.text.contains("submissions"))
        kill(server.process.processIdentifier, SIGTERM)
        let log = try await HTTPProbe.onDispatch { String(decoding: server.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        #expect(log.contains(id) && log.contains("internal error"), "\(log)")
    }
}

/// Raw uploads hold clear learner ids: they stay private to the service's user and apart from the store.
@Suite(.serialized) struct RawUploadTests {
    @Test func anInboxInsideTheStoresFolderIsRefusedAtStart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = directory.path("mcstat.sqlite")
        #expect(try ProcessRunner.run(ServeProcessTests.executable, ["accounts", "add", "--role", "analyst", "--store", store]).status == 0)
        for inbox in [directory.path("inbox"), directory.path(""), directory.path("deep/er/inbox")] {
            let served = try ProcessRunner.run(ServeProcessTests.executable, ["serve", "--listen", "127.0.0.1:0", "--store", store, "--inbox", inbox])
            #expect(served.status == 2, "\(inbox): \(served.stderr)")
            #expect(served.stderr.contains("inside the store's folder"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("inbox")))
    }

    @Test func foldersAre0700AndFiles0600WhateverTheUmask() async throws {
        let server = try await HTTPProbe.onDispatch { try ServeProcessTests.Server.start(umask: "000") }
        defer { if server.process.isRunning { server.process.terminate() }; server.directory.remove() }
        let answer = try await HTTPProbe(port: server.port).send("POST", "/api/v1/submissions", token: server.token, body: Data(contentsOf: SubmissionTests.sampleURL))
        #expect(answer.status == 201)
        let receipt = try JSONDecoder().decode(Receipt.self, from: answer.body)
        func mode(_ path: String) -> Int? {
            (try? FileManager.default.attributesOfItem(atPath: server.directory.path(path))[.posixPermissions] as? Int).map { $0 & 0o777 }
        }
        for folder in ["inbox", "inbox/.incoming", "inbox/.validation", "inbox/DE-HRK-0815"] {
            #expect(mode(folder) == 0o700, "\(folder): \(String(mode(folder) ?? -1, radix: 8))")
        }
        for file in ["inbox/" + receipt.file, "inbox/.validation/\(receipt.id).json"] {
            #expect(mode(file) == 0o600, "\(file): \(String(mode(file) ?? -1, radix: 8))")
        }
    }
}

/// What one account may land per day, and how long raw uploads are kept.
@Suite(.serialized) struct QuotaAndRetentionTests {
    @Test func anAccountCannotLandMoreThanItsDailyQuota() async throws {
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        let service = try await RunningService.start { $0.dailyQuota = bytes.count * 3 / 2 }
        let token = try service.token(.submitter, "DE-HRK-0815")
        #expect(try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes).status == 201)
        let second = bytes + Data("\n".utf8)
        let refused = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: second)
        #expect(refused.status == 429)
        #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "daily_quota_exceeded")
        #expect(Int(refused.headers["retry-after"] ?? "") ?? 0 > 0)
        // Streamed without a length, it is cut at the quota all the same.
        let streamed = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: second, chunked: true)
        #expect(streamed.status == 429)
        #expect(service.landedFiles().count == 1)
        // Another account has its own quota.
        let other = try service.token(.submitter, "DE-HRK-0815")
        #expect(try await service.probe.send("POST", "/api/v1/submissions", token: other, body: second).status == 201)
        try await service.stop()
    }

    @Test func importedRawUploadsAreDeletedAfterTheRetentionKeepingTheirReceipts() async throws {
        let service = try await RunningService.start { $0.retentionDays = 90 }
        let token = try service.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        let imported = try JSONDecoder().decode(Receipt.self, from: try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes).body)
        let waiting = try JSONDecoder().decode(Receipt.self, from: try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes + Data("\n".utf8)).body)
        let ingested = try ProcessRunner.run(ServeProcessTests.executable, ["ingest", "--quiet", "--store", service.services.configuration.storePath,
                                                                            service.directory.path("inbox/" + imported.file)],
                                             environment: ["MCSTAT_KEY_FILE": service.directory.path("key")])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let sweeper = RetentionSweeper(services: service.services)
        #expect(try sweeper.sweep(now: Date().addingTimeInterval(89 * 86_400)) == 0)
        #expect(service.landedFiles().count == 2)
        #expect(try sweeper.sweep(now: Date().addingTimeInterval(91 * 86_400)) == 1)
        // The imported one is gone, the one the nightly run has not read yet stays.
        #expect(service.landedFiles() == [waiting.file])
        let receipt = try await service.probe.send("GET", "/api/v1/submissions/\(imported.id)", token: token)
        let kept = try JSONDecoder().decode(Receipt.self, from: receipt.body)
        #expect(receipt.status == 200 && kept.sha256 == imported.sha256)
        #expect(try sweeper.sweep(now: Date().addingTimeInterval(92 * 86_400)) == 0)
        let audit = try String(contentsOfFile: service.directory.path("audit.jsonl"), encoding: .utf8)
        #expect(audit.contains(#""event":"raw_upload_deleted""#) && audit.contains(imported.sha256))
        try await service.stop()
    }
}
