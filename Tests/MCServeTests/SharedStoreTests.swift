import Foundation
import MCServe
import MCTestSupport
import Testing

/// Two services on one store, as two `serve` processes behind a load balancer: an account added
/// through one signs in at the other, and an upload received by one is known to the other (the
/// same bytes give the first receipt, and no second file lands). On every store kind of the
/// build; on PostgreSQL each service has sessions of its own.
@Suite(.serialized) struct SharedStoreTests {
    @Test(arguments: StoreBackend.all)
    func twoServicesShareAccountsSubmissionsAndReceipts(_ backend: StoreBackend) async throws {
        let (url, drop) = try backend.makeStore()
        defer { drop() }
        let first = try await RunningService.start { if let url { $0.storePath = url } }
        let store = first.services.configuration.storePath
        let second = try await RunningService.start { $0.storePath = store; $0.createStore = false }
        #expect(second.services.configuration.storePath == store)
        let token = try first.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        let landed = try await first.probe.send("POST", "/api/v1/submissions", token: token, body: bytes)
        #expect(landed.status == 201, "\(landed.text)")
        let again = try await second.probe.send("POST", "/api/v1/submissions", token: token, body: bytes)
        #expect(again.status == 200, "\(again.text)")
        #expect(again.body == landed.body)
        #expect(first.landedFiles().count == 1)
        #expect(second.landedFiles().isEmpty)
        let listed = try await second.probe.send("GET", "/api/v1/submissions", token: token)
        #expect(listed.status == 200)
        #expect(listed.text.contains("DE-HRK-0815"))
        try await second.stop()
        try await first.stop()
    }
}
