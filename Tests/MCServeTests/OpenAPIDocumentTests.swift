import Foundation
import Logging
import MCServe
import MCTestSupport
import Testing
import Yams

/// The OpenAPI document is kept true: it describes exactly the API's routes, and real answers
/// of the running service match the schemas it gives for their status codes.
@Suite(.serialized) struct OpenAPIDocumentTests {
    /// The document as the service serves it.
    static func document(_ service: RunningService) async throws -> [String: Any] {
        let answer = try await service.probe.send("GET", "/api/v1/openapi.yaml")
        #expect(answer.status == 200)
        return try #require(try Yams.load(yaml: answer.text) as? [String: Any])
    }

    /// The document is a file of the source tree (for editors, linters and generators), served
    /// byte for byte as it is there.
    @Test func theServedDocumentIsTheFileAsItIs() async throws {
        let service = try await RunningService.start()
        let file = try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("Sources/MCServe/openapi.yaml"))
        let answer = try await service.probe.send("GET", "/api/v1/openapi.yaml")
        #expect(answer.status == 200 && answer.body == file)
        try await service.stop()
    }

    @Test func everyAPIRouteIsDocumentedAndNothingElse() async throws {
        let service = try await RunningService.start()
        let document = try await Self.document(service)
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        let routed = Set(WebService(services: service.services, logger: Logger(label: "test")).routes().filter {
            $0.contains(" /api/") || $0.hasSuffix(" /healthz") || $0.hasSuffix(" /metrics")
        })
        #expect(documented == routed, "documented only: \(documented.subtracting(routed)); routed only: \(routed.subtracting(documented))")
        try await service.stop()
    }

    @Test func realAnswersMatchTheDocumentedSchemas() async throws {
        let service = try await RunningService.start()
        let document = try await Self.document(service)
        let submitter = try service.token(.submitter, "DE-HRK-0815")
        let admin = try service.token(.admin)
        let analyst = try service.token(.analyst)
        try FileManager.default.createDirectory(atPath: service.services.configuration.reportsPath, withIntermediateDirectories: true)
        try Data(#"{"files": []}"#.utf8).write(to: URL(fileURLWithPath: service.services.configuration.reportsPath).appendingPathComponent("manifest.json"))
        let posted = try await service.probe.send("POST", "/api/v1/submissions", token: submitter, body: Data(contentsOf: SubmissionTests.sampleURL))
        let id = try #require(posted.json["id"] as? String)
        let checks: [(method: String, path: String, template: String, token: String?, body: Data?)] = [
            ("GET", "/healthz", "/healthz", nil, nil),
            ("POST", "/api/v1/submissions", "/api/v1/submissions", submitter, try Data(contentsOf: SubmissionTests.sampleURL)),
            ("POST", "/api/v1/submissions", "/api/v1/submissions", submitter, Data([0, 1, 2, 3])),
            ("POST", "/api/v1/submissions", "/api/v1/submissions", analyst, Data([0])),
            ("GET", "/api/v1/submissions", "/api/v1/submissions", submitter, nil),
            ("GET", "/api/v1/submissions/\(id)", "/api/v1/submissions/{id}", submitter, nil),
            ("GET", "/api/v1/submissions/nope", "/api/v1/submissions/{id}", submitter, nil),
            ("GET", "/api/v1/rejects", "/api/v1/rejects", submitter, nil),
            ("GET", "/api/v1/rejects", "/api/v1/rejects", admin, nil),
            ("GET", "/api/v1/reports", "/api/v1/reports", analyst, nil),
            ("GET", "/api/v1/reports/none.csv", "/api/v1/reports/{name}", analyst, nil),
            ("GET", "/api/v1/runs", "/api/v1/runs", analyst, nil),
            ("GET", "/api/v1/completeness.json", "/api/v1/completeness.json", analyst, nil),
            ("GET", "/api/v1/completeness.csv", "/api/v1/completeness.csv", admin, nil),
            ("GET", "/api/v1/completeness.json", "/api/v1/completeness.json", submitter, nil),
            ("GET", "/api/v1/institution/completeness.json", "/api/v1/institution/completeness.json", submitter, nil),
            ("GET", "/api/v1/institution/completeness.csv?awarding_body=NL-BRIN-21XY", "/api/v1/institution/completeness.csv", submitter, nil),
            ("GET", "/api/v1/institution/completeness.json", "/api/v1/institution/completeness.json", admin, nil),
            ("GET", "/api/v1/accounts", "/api/v1/accounts", admin, nil),
            ("GET", "/api/v1/accounts", "/api/v1/accounts", nil, nil),
        ]
        let validator = SchemaValidator(document: document)
        for check in checks {
            let answer = try await service.probe.send(check.method, check.path, token: check.token, body: check.body)
            let problems = validator.check(answer: answer, method: check.method, path: check.template)
            #expect(problems.isEmpty, "\(check.method) \(check.path) → \(answer.status): \(problems)")
        }
        try await service.stop()
    }

    @Test func theValidatorSeesAWrongShape() throws {
        let document = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        let validator = SchemaValidator(document: document)
        let wrong = HTTPProbe.Answer(status: 200, headers: ["content-type": "application/json"], body: Data(#"{"submissions": [{"id": 1}]}"#.utf8))
        #expect(!validator.check(answer: wrong, method: "GET", path: "/api/v1/submissions").isEmpty)
        let undocumented = HTTPProbe.Answer(status: 418, headers: [:], body: Data())
        #expect(!validator.check(answer: undocumented, method: "GET", path: "/healthz").isEmpty)
    }
}
