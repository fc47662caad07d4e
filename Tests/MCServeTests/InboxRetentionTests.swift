import Foundation
import MCServe
import MCTestSupport
import Testing

/// Raw uploads are deleted after the retention once imported by the nightly run over the inbox
/// (which reads each awarding body's folder under that body's binding), and only by a service
/// holding them: with one inbox per service, each deletes its own and marks no other's deleted.
/// On every store kind of the build, with the built `mcstat run`.
@Suite(.serialized) struct InboxRetentionTests {
    /// `mcstat run` of a pipeline reading these inboxes into `store`.
    static func nightlyRun(store: String, inboxes: [String], in directory: TemporaryDirectory) throws -> ProcessRunner.Result {
        let sources = inboxes.map { "  - inbox: \($0)\n" }.joined()
        let pipeline = try directory.write("nightly.yml", "name: nightly\nsources:\n\(sources)report:\n  out: \(directory.path("run-reports"))\n")
        return try ProcessRunner.run(ServeProcessTests.executable, ["run", "--quiet", "--store", store, pipeline],
                                     environment: ["MCSTAT_KEY_FILE": directory.path("key")])
    }

    static func upload(_ service: RunningService, _ token: String, _ bytes: Data) async throws -> Receipt {
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes)
        #expect(answer.status == 201, "\(answer.text)")
        return try JSONDecoder().decode(Receipt.self, from: answer.body)
    }

    /// `days` days from now.
    static func later(_ days: Double) -> Date { Date().addingTimeInterval(days * 86_400) }

    @Test(arguments: StoreBackend.all)
    func anUploadTheNightlyRunImportedIsDeletedAfterTheRetentionAndNotBefore(_ backend: StoreBackend) async throws {
        let (url, drop) = try backend.makeStore()
        defer { drop() }
        let service = try await RunningService.start { if let url { $0.storePath = url }; $0.retentionDays = 90 }
        let token = try service.token(.submitter, "DE-HRK-0815")
        let receipt = try await Self.upload(service, token, try Data(contentsOf: SubmissionTests.sampleURL))
        let sweeper = RetentionSweeper(services: service.services)
        #expect(try sweeper.sweep(now: Self.later(91)) == 0, "not imported yet")
        let run = try Self.nightlyRun(store: service.services.configuration.storePath, inboxes: [service.services.configuration.inboxPath],
                                      in: service.directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!(run.stdout + run.stderr).contains(".inbox-id"), "the inbox's id is the service's own, never a stray")
        #expect(try sweeper.sweep(now: Self.later(89)) == 0)
        #expect(service.landedFiles() == [receipt.file])
        #expect(try sweeper.sweep(now: Self.later(91)) == 1)
        #expect(service.landedFiles().isEmpty)
        try await service.stop()
    }

    /// Imported by the nightly run over both inboxes, or by a plain `ingest` of both files (no
    /// binding: the retention's first bug aside, the second shows on its own).
    @Test(arguments: StoreBackend.all, ["run", "ingest"])
    func withAnInboxPerServiceEachDeletesOnlyItsOwnUploads(_ backend: StoreBackend, _ importedBy: String) async throws {
        let (url, drop) = try backend.makeStore()
        defer { drop() }
        let first = try await RunningService.start { if let url { $0.storePath = url } }
        let second = try await RunningService.start { $0.storePath = first.services.configuration.storePath; $0.createStore = false }
        #expect(first.services.desk.inbox.id != second.services.desk.inbox.id)
        let token = try first.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        let atFirst = try await Self.upload(first, token, bytes)
        let atSecond = try await Self.upload(second, token, bytes + Data("\n".utf8))
        let store = first.services.configuration.storePath
        let run = importedBy == "run"
            ? try Self.nightlyRun(store: store, inboxes: [first.services.configuration.inboxPath, second.services.configuration.inboxPath],
                                  in: first.directory)
            : try ProcessRunner.run(ServeProcessTests.executable,
                                    ["ingest", "--quiet", "--store", store, first.services.configuration.inboxPath + "/" + atFirst.file,
                                     second.services.configuration.inboxPath + "/" + atSecond.file],
                                    environment: ["MCSTAT_KEY_FILE": first.directory.path("key")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try RetentionSweeper(services: first.services).sweep(now: Self.later(91)) == 1)
        #expect(first.landedFiles().isEmpty)
        #expect(second.landedFiles() == [atSecond.file], "the other service's upload is left alone")
        #expect(try RetentionSweeper(services: second.services).sweep(now: Self.later(91)) == 1, "and is still due there")
        #expect(second.landedFiles().isEmpty)
        #expect(atFirst.file != atSecond.file)
        try await second.stop()
        try await first.stop()
    }

    @Test(arguments: StoreBackend.all)
    func withASharedInboxEitherServiceDeletesEveryUploadOnce(_ backend: StoreBackend) async throws {
        let (url, drop) = try backend.makeStore()
        defer { drop() }
        let first = try await RunningService.start { if let url { $0.storePath = url } }
        let second = try await RunningService.start {
            $0.storePath = first.services.configuration.storePath; $0.createStore = false; $0.inboxPath = first.services.configuration.inboxPath
        }
        #expect(first.services.desk.inbox.id != nil && first.services.desk.inbox.id == second.services.desk.inbox.id)
        let token = try first.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        _ = try await Self.upload(first, token, bytes)
        _ = try await Self.upload(second, token, bytes + Data("\n".utf8))
        #expect(first.landedFiles().count == 2)
        let run = try Self.nightlyRun(store: first.services.configuration.storePath, inboxes: [first.services.configuration.inboxPath],
                                      in: first.directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try RetentionSweeper(services: second.services).sweep(now: Self.later(91)) == 2)
        #expect(try RetentionSweeper(services: first.services).sweep(now: Self.later(91)) == 0)
        #expect(first.landedFiles().isEmpty)
        try await second.stop()
        try await first.stop()
    }
}
