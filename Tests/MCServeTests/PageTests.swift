import Foundation
import MCServe
import MCTestSupport
import Testing

/// The pages over real HTTP: sign-in sets a session cookie that is HttpOnly and SameSite=Strict;
/// forms and uploads of a session need its CSRF token.
@Suite(.serialized) struct PageTests {
    /// Signs in through the form; returns the session cookie's header and the upload page.
    static func signIn(_ service: RunningService, token: String) async throws -> (setCookie: String, cookie: String, csrf: String) {
        let form = try await service.probe.send("GET", "/sign-in")
        let formCookie = try #require(form.headers["set-cookie"]?.components(separatedBy: ";").first)
        let formCSRF = try #require(form.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
        let body = "csrf=\(formCSRF)&token=\(token)"
        let signedIn = try await service.probe.send("POST", "/sign-in", headers: ["Cookie": formCookie, "Content-Type": "application/x-www-form-urlencoded"],
                                                    body: Data(body.utf8))
        #expect(signedIn.status == 303)
        let setCookie = try #require(signedIn.headers["set-cookie"])
        let cookie = try #require(setCookie.components(separatedBy: ";").first)
        let upload = try await service.probe.send("GET", "/upload", headers: ["Cookie": cookie])
        #expect(upload.status == 200)
        let csrf = try #require(upload.text.firstMatch(of: /data-csrf="([0-9a-f]+)"/)?.1)
        return (setCookie, cookie, String(csrf))
    }

    @Test func signingInGivesAStrictHttpOnlySessionCookie() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let session = try await Self.signIn(service, token: token)
        #expect(session.setCookie.contains("HttpOnly"))
        #expect(session.setCookie.contains("SameSite=Strict"))
        #expect(!session.setCookie.contains("Secure"), "plain HTTP on loopback: Secure only under TLS")
        #expect(!session.setCookie.contains(token))
        let audit = try String(contentsOfFile: service.directory.path("audit.jsonl"), encoding: .utf8)
        #expect(audit.contains(#""event":"sign_in""#))
        #expect(!audit.contains(String(token.suffix(64))))
        try await service.stop()
    }

    @Test func behindAnHTTPSProxyTheSessionCookieIsSecure() async throws {
        let service = try await RunningService.start { $0.behindHTTPSProxy = true }
        let session = try await Self.signIn(service, token: try service.token(.submitter, "DE-HRK-0815"))
        #expect(session.setCookie.contains("; Secure"))
        try await service.stop()
    }

    @Test func aSessionUploadNeedsItsCSRFToken() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let session = try await Self.signIn(service, token: token)
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        let forged = try await service.probe.send("POST", "/api/v1/submissions", headers: ["Cookie": session.cookie], body: bytes)
        #expect(forged.status == 403)
        #expect(service.landedFiles().isEmpty)
        let wrong = try await service.probe.send("POST", "/api/v1/submissions", headers: ["Cookie": session.cookie, "X-CSRF-Token": String(repeating: "0", count: 64)], body: bytes)
        #expect(wrong.status == 403)
        let good = try await service.probe.send("POST", "/api/v1/submissions", headers: ["Cookie": session.cookie, "X-CSRF-Token": session.csrf], body: bytes)
        #expect(good.status == 201)
        let receipt = try JSONDecoder().decode(Receipt.self, from: good.body)
        let report = try await service.probe.send("GET", "/submissions/\(receipt.id)", headers: ["Cookie": session.cookie])
        #expect(report.status == 200)
        #expect(report.text.contains("\(receipt.counts.read) read"))
        for issue in receipt.validation?.files.flatMap(\.issues) ?? [] {
            #expect(report.text.contains(#"id="reason-\#(issue.code.rawValue)""#))
            #expect(report.text.contains(issue.hint ?? "no hint"))
        }
        try await service.stop()
    }

    @Test func signInFormWithoutItsCSRFValueIsRefused() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let answer = try await service.probe.send("POST", "/sign-in", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                  body: Data("token=\(token)".utf8))
        #expect(answer.status == 403)
        #expect(answer.headers["set-cookie"] == nil)
        try await service.stop()
    }

    @Test func pagesFollowTheRoles() async throws {
        let service = try await RunningService.start()
        let submitter = try await Self.signIn(service, token: try service.token(.submitter, "DE-HRK-0815"))
        #expect(try await service.probe.send("GET", "/reports", headers: ["Cookie": submitter.cookie]).status == 403)
        #expect(try await service.probe.send("GET", "/reports/files/index.html", headers: ["Cookie": submitter.cookie]).status == 403)
        #expect(try await service.probe.send("GET", "/upload").status == 303)
        try await service.stop()
    }
}
