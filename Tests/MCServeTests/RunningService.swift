import Foundation
import Logging
import MCServe
import MCTestSupport
import ServiceLifecycle

/// The real service on an ephemeral loopback port, with a fresh store, inbox and report folder.
final class RunningService: Sendable {
    let directory: TemporaryDirectory
    let services: ServeServices
    let port: Int
    let probe: HTTPProbe
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    static func start(_ configure: (inout ServeConfiguration) -> Void = { _ in }) async throws -> RunningService {
        let directory = try TemporaryDirectory()
        // The store in a folder of its own: the inbox may not lie inside the store's folder.
        try FileManager.default.createDirectory(atPath: directory.path("store"), withIntermediateDirectories: true)
        var configuration = ServeConfiguration(storePath: directory.path("store/mcstat.sqlite"), inboxPath: directory.path("inbox"),
                                               reportsPath: directory.path("reports"))
        configuration.port = 0
        configuration.auditLogPath = directory.path("audit.jsonl")
        configure(&configuration)
        let services = try ServeServices(configuration: configuration)
        var quiet = Logger(label: "test")
        quiet.logLevel = .warning
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = WebService(services: services, logger: quiet).application { port in
            continuation.yield(port)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [application], logger: quiet))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw HTTPProbe.Failure(description: "the service did not start") }
        return RunningService(directory: directory, services: services, port: port, group: group, task: task)
    }

    private init(directory: TemporaryDirectory, services: ServeServices, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.directory = directory
        self.services = services
        self.port = port
        self.probe = HTTPProbe(port: port)
        self.group = group
        self.task = task
    }

    /// A new account's token.
    func token(_ role: Role, _ bodies: String...) throws -> String {
        try services.accounts.add(role: role, awardingBodies: bodies, label: nil).token
    }

    /// Files landed in the inbox (relative paths, sorted); the hidden staging and report folders excluded.
    func landedFiles() -> [String] {
        let root = services.configuration.inboxPath
        let names = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue && !name.hasPrefix(".")
        }.sorted()
    }

    /// Files in the staging folder.
    func stagedFiles() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: services.desk.inbox.staging)) ?? []
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
        directory.remove()
    }
}
