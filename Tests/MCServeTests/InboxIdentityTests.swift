import Foundation
import MCServe
import MCTestSupport
import Testing

/// An inbox that lost its `.inbox-id` (a folder restored without its hidden files, a file
/// deleted by hand) and the built `mcstat serve` started on it again: the uploads the store
/// records as landed there must stay that inbox's, or no service's retention ever deletes them.
/// On every store kind of the build.
@Suite(.serialized) struct InboxIdentityTests {
    /// The built `mcstat serve` on `store` and `inbox`: the lines it wrote before it listened,
    /// then stopped by SIGTERM; or, when it would not start, its exit status and all it wrote.
    struct Start {
        var status: Int32?
        var lines: [String]
    }

    static func serve(store: String, inbox: String, _ arguments: [String] = [], in directory: TemporaryDirectory) throws -> Start {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcessTests.executable)
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--store", store, "--inbox", inbox, "--reports", directory.path("reports"),
                             "--audit-log", directory.path("audit.jsonl")] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        var lines: [String] = []
        var line = Data()
        while let byte = try errors.fileHandleForReading.read(upToCount: 1), !byte.isEmpty {
            if byte != Data([0x0A]) { line.append(byte); continue }
            let text = String(decoding: line, as: UTF8.self)
            line.removeAll()
            if text.contains("listening on http://") {
                process.terminate()
                process.waitUntilExit()
                return Start(status: nil, lines: lines)
            }
            lines.append(text)
        }
        process.waitUntilExit()
        return Start(status: process.terminationStatus, lines: lines)
    }

    static func identity(_ inbox: String) -> String? {
        (try? String(contentsOfFile: inbox + "/.inbox-id", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The id comes back from the uploads the store knows, and the retention deletes them as if
    /// nothing had happened. Without it the service made a new id, and the upload stayed for good.
    @Test(arguments: StoreBackend.all)
    func anInboxThatLostItsIdGetsItBackAndItsUploadsAreStillDeleted(_ backend: StoreBackend) async throws {
        let (url, drop) = try backend.makeStore()
        defer { drop() }
        let service = try await RunningService.start { if let url { $0.storePath = url }; $0.retentionDays = 90 }
        let configuration = service.services.configuration
        let token = try service.token(.submitter, "DE-HRK-0815")
        let receipt = try await InboxRetentionTests.upload(service, token, try Data(contentsOf: SubmissionTests.sampleURL))
        let run = try InboxRetentionTests.nightlyRun(store: configuration.storePath, inboxes: [configuration.inboxPath], in: service.directory)
        #expect(run.status == 0, "\(run.stderr)")
        let id = try #require(service.services.desk.inbox.id)
        try FileManager.default.removeItem(atPath: configuration.inboxPath + "/.inbox-id")

        let started = try Self.serve(store: configuration.storePath, inbox: configuration.inboxPath, in: service.directory)
        #expect(started.status == nil, "\(started.lines)")
        #expect(started.lines.contains { $0.contains("had lost its .inbox-id") && $0.contains("holds 1 upload that") && $0.contains(id) }, "\(started.lines)")
        #expect(Self.identity(configuration.inboxPath) == id)

        let again = try ServeServices(configuration: configuration)
        #expect(again.desk.inbox.id == id)
        #expect(try RetentionSweeper(services: again).sweep(now: InboxRetentionTests.later(91)) == 1)
        #expect(service.landedFiles().isEmpty, "\(receipt.file) was deleted after the retention")
        try await service.stop()
    }

    /// Uploads of two inboxes in one folder without an id: refused (exit 2) naming both ids until
    /// `--adopt-inbox` says which it is; an id that disagrees with the inbox's own is refused too.
    /// An inbox recreated empty gets a new id, and the start says which inboxes still hold
    /// uploads, so that the operator can adopt the right one.
    @Test(arguments: StoreBackend.all)
    func anInboxWhoseIdCannotBeToldIsRefusedUntilAdopted(_ backend: StoreBackend) async throws {
        let (url, drop) = try backend.makeStore()
        defer { drop() }
        let first = try await RunningService.start { if let url { $0.storePath = url } }
        let second = try await RunningService.start { $0.storePath = first.services.configuration.storePath; $0.createStore = false }
        let store = first.services.configuration.storePath
        let inbox = first.services.configuration.inboxPath
        let token = try first.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        _ = try await InboxRetentionTests.upload(first, token, bytes)
        let strayed = try await InboxRetentionTests.upload(second, token, bytes + Data("\n".utf8))
        let firstId = try #require(first.services.desk.inbox.id), secondId = try #require(second.services.desk.inbox.id)
        try FileManager.default.copyItem(atPath: second.services.configuration.inboxPath + "/" + strayed.file, toPath: inbox + "/" + strayed.file)
        try FileManager.default.removeItem(atPath: inbox + "/.inbox-id")

        let refused = try Self.serve(store: store, inbox: inbox, in: first.directory)
        #expect(refused.status == 2)
        let named = [firstId, secondId].sorted().map { "\($0) (1)" }.joined(separator: ", ")
        #expect(refused.lines.joined().contains(named) && refused.lines.joined().contains("--adopt-inbox"), "\(refused.lines)")
        #expect(Self.identity(inbox) == nil, "nothing made")

        let adopted = try Self.serve(store: store, inbox: inbox, ["--adopt-inbox", firstId], in: first.directory)
        #expect(adopted.status == nil && adopted.lines.contains { $0.contains("takes the id \(firstId)") }, "\(adopted.lines)")
        #expect(Self.identity(inbox) == firstId)
        let other = try Self.serve(store: store, inbox: inbox, ["--adopt-inbox", secondId], in: first.directory)
        #expect(other.status == 2 && other.lines.joined().contains("has the id \(firstId) already"), "\(other.lines)")
        let malformed = try Self.serve(store: store, inbox: inbox, ["--adopt-inbox", "inbox-1"], in: first.directory)
        #expect(malformed.status == 2)

        try FileManager.default.removeItem(atPath: inbox)
        let recreated = try Self.serve(store: store, inbox: inbox, in: first.directory)
        #expect(recreated.status == nil, "\(recreated.lines)")
        let made = try #require(Self.identity(inbox))
        #expect(made != firstId && made != secondId)
        let ids = [firstId, secondId].sorted().joined(separator: ", ")
        #expect(recreated.lines.contains { $0.contains("is new (id \(made))") && $0.contains("2 raw uploads landed in other inboxes (\(ids))") },
                "\(recreated.lines)")
        try await second.stop()
        try await first.stop()
    }
}
