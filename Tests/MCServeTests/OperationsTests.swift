import Foundation
import MCServe
import MCTestSupport
import Testing

/// What an operator sees: Prometheus metrics and the audit log (JSON lines, never a token or a
/// learner id), and the limits on request heads.
@Suite(.serialized) struct OperationsTests {
    @Test func metricsCountSubmissionsRecordsAndFailedSignIns() async throws {
        let service = try await RunningService.start()
        let submitter = try service.token(.submitter, "DE-HRK-0815")
        let analyst = try service.token(.analyst)
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        _ = try await service.probe.send("POST", "/api/v1/submissions", token: submitter, body: bytes)
        _ = try await service.probe.send("POST", "/api/v1/submissions", token: submitter, body: bytes)
        _ = try await service.probe.send("GET", "/api/v1/submissions", token: "wrong")
        let metrics = try await service.probe.send("GET", "/metrics", token: analyst)
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        let text = metrics.text
        #expect(text.contains(#"mcstat_submissions_total{outcome="landed"} 1"#), "\(text)")
        #expect(text.contains(#"mcstat_submissions_total{outcome="repeated"} 1"#))
        #expect(text.contains("mcstat_submitted_bytes_total \(2 * bytes.count)"))
        #expect(text.contains(#"mcstat_records_total{outcome="accepted"} 20"#))
        #expect(text.contains(#"mcstat_records_total{outcome="rejected"} 1"#))
        #expect(text.contains("mcstat_validation_duration_seconds_count 2"))
        #expect(text.contains("mcstat_failed_sign_ins_total 1"))
        try await service.stop()
    }

    @Test func theAuditLogHasOneJSONObjectPerEventAndNoSecrets() async throws {
        let service = try await RunningService.start()
        let submitter = try service.token(.submitter, "DE-HRK-0815")
        let analyst = try service.token(.analyst)
        try FileManager.default.createDirectory(atPath: service.services.configuration.reportsPath, withIntermediateDirectories: true)
        try Data("country,year\n".utf8).write(to: URL(fileURLWithPath: service.services.configuration.reportsPath).appendingPathComponent("uptake.csv"))
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        _ = try await service.probe.send("POST", "/api/v1/submissions", token: submitter, body: bytes)
        let download = try await service.probe.send("GET", "/api/v1/reports/uptake.csv", token: analyst)
        #expect(download.status == 200 && download.text == "country,year\n")
        _ = try await service.probe.send("GET", "/api/v1/runs", token: "x." + String(repeating: "f", count: 64))
        let lines = try String(contentsOfFile: service.directory.path("audit.jsonl"), encoding: .utf8).split(separator: "\n")
        let events = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]) }
        let submission = try #require(events.first { $0["event"] == "submission" })
        #expect(submission["awarding_body"] == "DE-HRK-0815" && submission["account"] != nil && submission["outcome"] == "landed")
        #expect(events.contains { $0["event"] == "download" && $0["file"] == "uptake.csv" && $0["role"] == "analyst" })
        #expect(events.contains { $0["event"] == "sign_in_failed" })
        let all = lines.joined(separator: "\n")
        for token in [submitter, analyst] { #expect(!all.contains(String(token.suffix(64)))) }
        #expect(!all.contains("STU-"), "no learner id")
        try await service.stop()
    }

    @Test func anOversizedRequestHeadIsRefused() async throws {
        let service = try await RunningService.start()
        let answer = try? await service.probe.send("GET", "/healthz", headers: ["X-Padding": String(repeating: "a", count: 64 * 1024)])
        #expect(answer == nil || answer?.status == 431 || answer?.status == 400, "\(String(describing: answer?.status))")
        #expect(try await service.probe.send("GET", "/healthz").status == 200)
        try await service.stop()
    }
}
