import Foundation
import MCPipeline
import MCServe
import MCStore
import MCTestSupport
import Testing

/// Two services on one store with one shared inbox, and the nightly run beside them (the built
/// `mcstat run`): while the store's writer lock is held, as the run holds it, both still take
/// uploads, sign people in and answer receipts; the run then imports what either landed, and
/// its counts are the receipts' counts; each service shows the same receipts and rejects.
@Suite(.serialized) struct SharedNightlyRunTests {
    @Test(arguments: StoreBackend.all)
    func twoServicesAnswerWhileTheStoreIsHeldAndTheRunImportsWhatBothLanded(_ backend: StoreBackend) async throws {
        let (url, drop) = try backend.makeStore()
        defer { drop() }
        let first = try await RunningService.start { if let url { $0.storePath = url } }
        let store = first.services.configuration.storePath, inbox = first.services.configuration.inboxPath
        let second = try await RunningService.start { $0.storePath = store; $0.createStore = false; $0.inboxPath = inbox }
        let token = try first.token(.submitter, "DE-HRK-0815")
        let sample = try Data(contentsOf: SubmissionTests.sampleURL)
        var receipts = [try await InboxRetentionTests.upload(first, token, sample)]
        // Signed in at the first, uploading through the second with the session's CSRF token.
        let session = try await PageTests.signIn(first, token: token)
        let throughPage = try await second.probe.send("POST", "/api/v1/submissions", headers: ["Cookie": session.cookie, "X-CSRF-Token": session.csrf],
                                                      body: sample + Data("\n".utf8))
        #expect(throughPage.status == 201, "\(throughPage.text)")
        receipts.append(try JSONDecoder().decode(Receipt.self, from: throughPage.body))

        // The writer lock, held as the nightly run holds it: another writer is refused, the services go on.
        let pipeline = try first.directory.write("nightly.yml", "name: nightly\nsources:\n  - inbox: \(inbox)\nreport:\n  out: \(first.directory.path("run-reports"))\n")
        let run = { try ProcessRunner.run(ServeProcessTests.executable, ["run", "--format", "json", "--store", store, pipeline],
                                          environment: ["MCSTAT_KEY_FILE": first.directory.path("key")]) }
        var lock: AnyObject? = try StoreOpener.writerLock(StoreLocation(store), command: "run", wait: 0)
        #expect(try run().status == 5, "the store is held")
        receipts.append(try await InboxRetentionTests.upload(second, token, sample + Data("\n\n".utf8)))
        #expect(try await PageTests.session(second, token: token).cookie.hasPrefix("mcstat_session="))
        for service in [first, second] {
            #expect(try await service.probe.send("GET", "/api/v1/submissions/\(receipts[0].id)", token: token).status == 200)
        }
        #expect(lock != nil)
        lock = nil

        let done = try run()
        #expect(done.status == 0, "\(done.stderr)")
        let files = try #require(try JSONSerialization.jsonObject(with: Data(done.stdout.utf8)) as? [String: Any])["files"] as? [[String: Any]] ?? []
        for receipt in receipts {
            let file = try #require(files.first { ($0["path"] as? String) == (inbox as NSString).appendingPathComponent(receipt.file) },
                                    "\(receipt.file) imported")
            let counts = [file["read"], file["accepted"], file["rejected"]].map { $0 as? Int }
            #expect(counts == [receipt.counts.read, receipt.counts.accepted, receipt.counts.rejected])
            #expect(receipt.counts.read == receipt.counts.accepted + receipt.counts.rejected)
        }
        #expect(FileManager.default.fileExists(atPath: first.directory.path("run-reports/manifest.json")))
        // Either service: the same receipts, the same rejects of the run.
        for receipt in receipts {
            let bodies = try await [first, second].asyncMap { try await $0.probe.send("GET", "/api/v1/submissions/\(receipt.id)", token: token).body }
            #expect(bodies[0] == bodies[1] && !bodies[0].isEmpty)
        }
        let rejects = try await [first, second].asyncMap { try await $0.probe.send("GET", "/api/v1/rejects", token: token) }
        #expect(rejects.allSatisfy { $0.status == 200 } && rejects[0].body == rejects[1].body)
        #expect(((rejects[0].json["rejects"] as? [Any])?.count ?? 0) == receipts.map(\.counts.rejected).reduce(0, +))
        try await second.stop()
        try await first.stop()
    }
}

extension Array {
    /// `transform` of each element in turn.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}
