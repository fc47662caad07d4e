import Crypto
import Foundation
import MCIngest
import MCNormalize
import MCPipeline
import MCServe
import MCTestSupport
import Testing

/// Uploads over real HTTP: streamed to disk, validated with the rules of `validate`, landed in
/// the inbox under a name of the server's, with a receipt.
@Suite(.serialized) struct SubmissionTests {
    static let sampleURL = Fixtures.packageRoot.appendingPathComponent("sample-data/de-tu-nordstadt/2025-12-export.csv")
    static let sample = sampleURL.path

    @Test func anUploadLandsInTheInboxWithAReceiptThatMatchesValidate() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes)
        #expect(answer.status == 201, "\(answer.text)")
        let receipt = try JSONDecoder().decode(Receipt.self, from: answer.body)
        #expect(receipt.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        #expect(receipt.bytes == bytes.count)
        #expect(receipt.awardingBody == "DE-HRK-0815")
        #expect(answer.headers["location"] == "/api/v1/submissions/\(receipt.id)")
        // Landed under the server's name, with the same bytes.
        #expect(service.landedFiles() == [receipt.file])
        #expect(receipt.file.wholeMatch(of: /DE-HRK-0815\/\d{8}T\d{6}Z-[0-9a-f]{16}\.csv/) != nil, "\(receipt.file)")
        #expect(receipt.file.contains(String(receipt.sha256.prefix(16))))
        let landed = try Data(contentsOf: URL(fileURLWithPath: service.services.configuration.inboxPath).appendingPathComponent(receipt.file))
        #expect(landed == bytes)
        #expect(service.stagedFiles().isEmpty)
        // Exactly what `validate` finds in the same file.
        let validate = IngestService(normalizer: Normalizer(pseudonymizer: .ephemeral()), progress: ProgressMeter(quiet: true))
            .validate(InputFile(path: Self.sample))
        #expect(receipt.counts == Totals([validate]))
        #expect(receipt.counts.read == 21 && receipt.counts.rejected == 1)
        #expect(receipt.validation?.files.first?.issues.map(\.code) == validate.issues.map(\.code))
        #expect(receipt.validation?.files.first?.issues.map(\.line) == validate.issues.map(\.line))
        #expect(receipt.validation?.files.first?.path == receipt.file)
        // The receipt can be read back, whole.
        let again = try await service.probe.send("GET", "/api/v1/submissions/\(receipt.id)", token: token)
        #expect(again.status == 200)
        #expect(try JSONDecoder().decode(Receipt.self, from: again.body) == receipt)
        try await service.stop()
    }

    @Test func theSameBytesTwiceGiveTheSameReceiptAndOneFile() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
        let first = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes)
        let second = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes, chunked: true)
        #expect(first.status == 201)
        #expect(second.status == 200)
        #expect(second.body == first.body)
        #expect(service.landedFiles().count == 1)
        #expect(service.stagedFiles().isEmpty)
        try await service.stop()
    }

    @Test func aStreamedUploadWithoutLengthIsTakenWhole() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.packageRoot.appendingPathComponent("sample-data/de-tu-nordstadt/2025-06-export.csv").path))
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes, chunked: true)
        #expect(answer.status == 201, "\(answer.text)")
        let receipt = try JSONDecoder().decode(Receipt.self, from: answer.body)
        #expect(receipt.bytes == bytes.count && receipt.counts.read == 500)
        try await service.stop()
    }

    @Test func recordsOfAnotherAwardingBodyAreRejectedAsTheNightlyRunWould() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        var lines = try String(contentsOf: Self.sampleURL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: ",DE-HRK-0815,", with: ",NL-BRIN-21XY,")
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: Data(lines.joined(separator: "\n").utf8))
        #expect(answer.status == 201)
        let receipt = try JSONDecoder().decode(Receipt.self, from: answer.body)
        let foreign = receipt.validation?.files.first?.issues.filter { $0.code.rawValue == "awarding_body_not_allowed" } ?? []
        #expect(foreign.map(\.line) == [2])
        #expect(receipt.counts.rejected == 2)
        try await service.stop()
    }

    @Test func anUploadCutOffMidwayLeavesNothing() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
        try await service.probe.cutOff("/api/v1/submissions", token: token, declared: bytes.count, sent: bytes.prefix(bytes.count / 2))
        // The server notices the hang-up; give it a moment, then nothing may remain.
        for _ in 0..<50 where !service.stagedFiles().isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        #expect(service.landedFiles().isEmpty)
        #expect(service.stagedFiles().isEmpty)
        let list = try await service.probe.send("GET", "/api/v1/submissions", token: token)
        #expect((list.json["submissions"] as? [Any])?.isEmpty == true)
        try await service.stop()
    }

    @Test func anUploadOverTheLimitIsRefusedAndLeavesNothing() async throws {
        let service = try await RunningService.start { $0.maxUpload = 1000 }
        let token = try service.token(.submitter, "DE-HRK-0815")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
        let declared = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes)
        #expect(declared.status == 413)
        #expect(declared.json["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } == "upload_too_large")
        let streamed = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: bytes, chunked: true)
        #expect(streamed.status == 413)
        #expect(service.landedFiles().isEmpty)
        #expect(service.stagedFiles().isEmpty)
        try await service.stop()
    }

    @Test func aFileThatCannotBeReadIsRefusedWithTheValidateReport() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: Data([0x00, 0xFF, 0x13, 0x37, 0x00, 0x42]))
        #expect(answer.status == 422, "\(answer.text)")
        let validation = answer.json["validation"] as? [String: Any]
        let file = (validation?["files"] as? [[String: Any]])?.first
        #expect((file?["fatal"] as? [String: Any])?["code"] != nil)
        #expect(service.landedFiles().isEmpty)
        #expect(service.stagedFiles().isEmpty)
        try await service.stop()
    }
}
