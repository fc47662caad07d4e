import Foundation
import GRDB
import MCPipeline
import MCServe
import MCTestSupport
import Testing

/// What an upload costs does not grow with its mistakes: the receipt holds the counts and the
/// first issues of each reason, the full validation report is a file streamed on request, lists
/// read no receipt bodies; an upload without records is refused.
@Suite(.serialized) struct BoundedReceiptTests {
    /// The sample's header and `count` records, each for an awarding body the account is not for.
    static func foreignRecords(_ count: Int) throws -> Data {
        let lines = try String(contentsOf: SubmissionTests.sampleURL, encoding: .utf8).split(separator: "\n").map(String.init)
        let row = lines[1].replacingOccurrences(of: ",DE-HRK-0815,", with: ",NL-BRIN-21XY,")
        let rest = row.drop { $0 != "," }
        let rows = (0..<count).map { "NL-BRIN-21XY-2025-\(String(format: "%05d", $0))" + rest }
        return Data(([lines[0]] + rows).joined(separator: "\n").utf8 + [0x0A])
    }

    @Test func theReceiptKeepsTheFirstIssuesOfEachReasonAndLinksTheFullReport() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: Self.foreignRecords(250))
        #expect(answer.status == 201, "\(answer.text)")
        let receipt = try JSONDecoder().decode(Receipt.self, from: answer.body)
        #expect(receipt.counts.read == 250 && receipt.counts.rejected == 250)
        let kept = receipt.validation?.files.flatMap(\.issues).filter { $0.code.rawValue == "awarding_body_not_allowed" } ?? []
        #expect(kept.count == 100)
        #expect(kept.map(\.line) == (2..<102).map(Optional.init))
        #expect(receipt.issueCounts?["awarding_body_not_allowed"] == 250)
        let link = try #require(receipt.validationReport)
        #expect(link == "/api/v1/submissions/\(receipt.id)/validation")
        // The stored receipt is the bounded one too.
        let stored = try await service.probe.send("GET", "/api/v1/submissions/\(receipt.id)", token: token)
        #expect(try JSONDecoder().decode(Receipt.self, from: stored.body) == receipt)
        // The full report: every issue, the validate --format json document.
        let full = try await service.probe.send("GET", link, token: token)
        #expect(full.status == 200)
        let document = try JSONDecoder().decode(FilesSummary.self, from: full.body)
        #expect(document.files.flatMap(\.issues).filter { $0.code.rawValue == "awarding_body_not_allowed" }.count == 250)
        #expect(document.totals == receipt.counts)
        #expect(document.files.map(\.path) == [receipt.file])
        // Another institution does not even learn that it exists.
        let other = try service.token(.submitter, "DE-HRK-0999")
        #expect(try await service.probe.send("GET", link, token: other).status == 404)
        let page = try await service.probe.send("GET", "/api/v1/submissions", token: token)
        #expect(!page.text.contains("validation\":{") && page.text.contains(receipt.id))
        try await service.stop()
    }

    @Test func listsReadTheStoredSummariesNotTheReceipts() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: Self.foreignRecords(3))
        let receipt = try JSONDecoder().decode(Receipt.self, from: answer.body)
        // A receipt body that cannot be parsed any more does not disturb a list.
        try await DatabaseQueue(path: service.services.configuration.storePath).write { db in
            try db.execute(sql: "UPDATE submissions SET receipt = 'not json' WHERE id = ?", arguments: [receipt.id])
        }
        let list = try await service.probe.send("GET", "/api/v1/submissions", token: token)
        #expect(list.status == 200)
        #expect((list.json["submissions"] as? [[String: Any]])?.first?["id"] as? String == receipt.id)
        try await service.stop()
    }

    @Test func anUploadWithoutRecordsIsRefusedAndLeavesNothing() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let header = try String(contentsOf: SubmissionTests.sampleURL, encoding: .utf8).split(separator: "\n")[0] + "\n"
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: Data(header.utf8))
        #expect(answer.status == 422, "\(answer.text)")
        #expect((answer.json["error"] as? [String: Any])?["code"] as? String == "no_records")
        #expect(service.landedFiles().isEmpty)
        let list = try await service.probe.send("GET", "/api/v1/submissions", token: token)
        #expect((list.json["submissions"] as? [Any])?.isEmpty == true)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: service.services.desk.inbox.validationReports)) ?? []).isEmpty)
        try await service.stop()
    }
}
