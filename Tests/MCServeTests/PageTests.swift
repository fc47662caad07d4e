import Foundation
import MCServe
import MCTestSupport
import Testing

/// The pages over real HTTP: sign-in sets a session cookie that is HttpOnly and SameSite=Strict;
/// forms and uploads of a session need its CSRF token.
@Suite(.serialized) struct PageTests {
    /// Signs in through the form; returns the session cookie's header and the upload page.
    static func signIn(_ service: RunningService, token: String) async throws -> (setCookie: String, cookie: String, csrf: String) {
        let (setCookie, cookie) = try await session(service, token: token)
        let upload = try await service.probe.send("GET", "/upload", headers: ["Cookie": cookie])
        #expect(upload.status == 200)
        let csrf = try #require(upload.text.firstMatch(of: /data-csrf="([0-9a-f]+)"/)?.1)
        return (setCookie, cookie, String(csrf))
    }

    /// Signs in through the form, with any role; returns the session cookie's header and the cookie.
    static func session(_ service: RunningService, token: String) async throws -> (setCookie: String, cookie: String) {
        let form = try await service.probe.send("GET", "/sign-in")
        let formCookie = try #require(form.headers["set-cookie"]?.components(separatedBy: ";").first)
        let formCSRF = try #require(form.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
        let body = "csrf=\(formCSRF)&token=\(token)"
        let signedIn = try await service.probe.send("POST", "/sign-in", headers: ["Cookie": formCookie, "Content-Type": "application/x-www-form-urlencoded"],
                                                    body: Data(body.utf8))
        #expect(signedIn.status == 303)
        let setCookie = try #require(signedIn.headers["set-cookie"])
        let cookie = try #require(setCookie.components(separatedBy: ";").first)
        return (setCookie, cookie)
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

    @Test func anotherInstitutionsSubmissionPageIsNotFound() async throws {
        let service = try await RunningService.start()
        let owner = try await Self.signIn(service, token: try service.token(.submitter, "DE-HRK-0815"))
        let upload = try await service.probe.send("POST", "/api/v1/submissions", headers: ["Cookie": owner.cookie, "X-CSRF-Token": owner.csrf],
                                                  body: try Data(contentsOf: SubmissionTests.sampleURL))
        #expect(upload.status == 201)
        let receipt = try JSONDecoder().decode(Receipt.self, from: upload.body)
        let other = try await Self.signIn(service, token: try service.token(.submitter, "FR-CTI-0042"))
        let page = try await service.probe.send("GET", "/submissions/\(receipt.id)", headers: ["Cookie": other.cookie])
        #expect(page.status == 404)
        #expect(!page.text.contains("\(receipt.counts.read) read"))
        let own = try await service.probe.send("GET", "/submissions/\(receipt.id)", headers: ["Cookie": owner.cookie])
        #expect(own.status == 200)
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

    @Test func everySessionRequestThatChangesSomethingNeedsItsCSRFTokenWhateverItsContentType() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let session = try await Self.signIn(service, token: token)
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        for type in ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "text/csv"] {
            let forged = try await service.probe.send("POST", "/api/v1/submissions", headers: ["Cookie": session.cookie, "Content-Type": type], body: bytes)
            #expect(forged.status == 403, "\(type)")
        }
        let wrongField = try await service.probe.send("POST", "/api/v1/submissions", headers: ["Cookie": session.cookie, "Content-Type": "application/x-www-form-urlencoded"],
                                                      body: Data("csrf=\(String(repeating: "0", count: 64))".utf8))
        #expect(wrongField.status == 403)
        #expect(service.landedFiles().isEmpty)
        // A bearer token is no browser's ambient credential: no CSRF token needed.
        let bearer = try await service.probe.send("POST", "/api/v1/submissions", token: token, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: bytes)
        #expect(bearer.status == 201)
        // Signing out with the form's field still works.
        let out = try await service.probe.send("POST", "/sign-out", headers: ["Cookie": session.cookie, "Content-Type": "application/x-www-form-urlencoded"],
                                               body: Data("csrf=\(session.csrf)".utf8))
        #expect(out.status == 303)
        #expect(try await service.probe.send("GET", "/upload", headers: ["Cookie": session.cookie]).status == 303)
        let audit = try String(contentsOfFile: service.directory.path("audit.jsonl"), encoding: .utf8)
        #expect(audit.components(separatedBy: #""event":"csrf_refused""#).count - 1 == 5)
        try await service.stop()
    }

    @Test func theSignInFormNeedsANonceThisServiceIssuedAndOnlyOnce() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        // A cookie and form value the client made up match each other, but nothing the service issued.
        let madeUp = String(repeating: "ab", count: 16)
        let forged = try await service.probe.send("POST", "/sign-in", headers: form.merging(["Cookie": "mcstat_sign_in_csrf=\(madeUp)"]) { $1 },
                                                  body: Data("csrf=\(madeUp)&token=\(token)".utf8))
        #expect(forged.status == 403)
        #expect(forged.headers["set-cookie"] == nil)
        let page = try await service.probe.send("GET", "/sign-in")
        let cookie = try #require(page.headers["set-cookie"]?.components(separatedBy: ";").first)
        let nonce = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
        let first = try await service.probe.send("POST", "/sign-in", headers: form.merging(["Cookie": cookie]) { $1 }, body: Data("csrf=\(nonce)&token=\(token)".utf8))
        #expect(first.status == 303)
        let replayed = try await service.probe.send("POST", "/sign-in", headers: form.merging(["Cookie": cookie]) { $1 }, body: Data("csrf=\(nonce)&token=\(token)".utf8))
        #expect(replayed.status == 403)
        try await service.stop()
    }

    @Test func anAccountHasAtMostTenSessionsTheOldestEnding() async throws {
        let service = try await RunningService.start()
        let token = try service.token(.submitter, "DE-HRK-0815")
        var cookies: [String] = []
        for _ in 0..<11 { cookies.append(try await Self.signIn(service, token: token).cookie) }
        #expect(try await service.probe.send("GET", "/upload", headers: ["Cookie": cookies[0]]).status == 303, "the oldest session ended")
        #expect(try await service.probe.send("GET", "/upload", headers: ["Cookie": cookies[1]]).status == 200)
        #expect(try await service.probe.send("GET", "/upload", headers: ["Cookie": cookies[10]]).status == 200)
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
