import Foundation
import MCTestSupport
import Testing

/// The API fuzzed against its own OpenAPI document with schemathesis (from PyPI, set up by
/// tools/setup-browser-venv.sh): a bounded, seeded run per role — no 5xx, no answer the
/// document does not describe.
@Suite(.serialized) struct APIFuzzTests {
    @Test(arguments: ["submitter", "admin"]) func schemathesisFindsNoServerErrorAndNoSchemaViolation(role: String) async throws {
        // Minutes of blocking work (set-up, then schemathesis): on a Dispatch thread, so that the
        // cooperative threads other suites' async tests need stay free.
        let result = try await HTTPProbe.onDispatch { try Self.fuzz(role: role) }
        #expect(result.status == 0, "\(result.stdout.suffix(4000))\n\(result.stderr.suffix(2000))")
    }

    static func fuzz(role: String) throws -> ProcessRunner.Result {
        let server = try ServeProcessTests.Server.start()
        defer { server.process.terminate(); server.process.waitUntilExit(); server.directory.remove() }
        var token = server.token
        if role != "submitter" {
            let added = try ProcessRunner.run(ServeProcessTests.executable, ["accounts", "add", "--role", role, "--store", server.directory.path("store/mcstat.sqlite")])
            guard let added = added.stdout.firstMatch(of: /token: (\S+)/) else { throw HTTPProbe.Failure(description: added.stderr) }
            token = String(added.1)
        }
        let python = try Fixtures.venvPython("serve-venv", madeBy: "setup-browser-venv.sh")
        let schemathesis = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("schemathesis").path
        let base = "http://127.0.0.1:\(server.port)"
        return try ProcessRunner.run(schemathesis, [
            "run", "\(base)/api/v1/openapi.yaml", "--base-url", base, "--experimental=openapi-3.1",
            "--header", "Authorization: Bearer \(token)",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance",
            "--hypothesis-max-examples", "25", "--hypothesis-seed", "20261130", "--hypothesis-derandomize",
            "--request-timeout", "20000", "--no-color",
        ], environment: ["SCHEMATHESIS_TELEMETRY": "false"])
    }
}
