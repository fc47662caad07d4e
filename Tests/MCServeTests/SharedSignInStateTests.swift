import Foundation
import GRDB
import MCServe
import MCTestSupport
import Testing

/// The sign-in state lives in the store, so that a load balancer may send any request of a
/// browser to any of several services on one store: a session opened at one is honoured (and
/// ended) at the other, a sign-in form from one signs in at the other once, failed sign-ins at
/// both count together. On every store kind of the build.
@Suite(.serialized) struct SharedSignInStateTests {
    /// Two services on one new store of `backend`'s kind, the second given the first's store.
    static func twoServices(_ backend: StoreBackend, _ configure: @escaping (inout ServeConfiguration) -> Void = { _ in })
        async throws -> (RunningService, RunningService, drop: @Sendable () -> Void) {
        let (url, drop) = try backend.makeStore()
        let first = try await RunningService.start { if let url { $0.storePath = url }; configure(&$0) }
        let store = first.services.configuration.storePath
        let second = try await RunningService.start { $0.storePath = store; $0.createStore = false; configure(&$0) }
        return (first, second, drop)
    }

    @Test(arguments: StoreBackend.all)
    func aSessionOpenedAtOneServiceIsHonouredAtTheOtherAndSignOutEndsItAtBoth(_ backend: StoreBackend) async throws {
        let (first, second, drop) = try await Self.twoServices(backend)
        defer { drop() }
        let token = try first.token(.submitter, "DE-HRK-0815")
        let session = try await PageTests.signIn(first, token: token)
        let page = try await second.probe.send("GET", "/upload", headers: ["Cookie": session.cookie])
        #expect(page.status == 200)
        #expect(page.text.contains(#"data-csrf="\#(session.csrf)""#), "the same session, with the same CSRF token")
        // The session's CSRF token from the first service is good at the second.
        let bytes = try Data(contentsOf: SubmissionTests.sampleURL)
        let upload = try await second.probe.send("POST", "/api/v1/submissions", headers: ["Cookie": session.cookie, "X-CSRF-Token": session.csrf],
                                                 body: bytes)
        #expect(upload.status == 201, "\(upload.text)")
        // Signing out at the second ends the session at the first too.
        let out = try await second.probe.send("POST", "/sign-out", headers: ["Cookie": session.cookie, "X-CSRF-Token": session.csrf])
        #expect(out.status == 303)
        #expect(try await first.probe.send("GET", "/upload", headers: ["Cookie": session.cookie]).status == 303)
        #expect(try await second.probe.send("GET", "/upload", headers: ["Cookie": session.cookie]).status == 303)
        try await second.stop()
        try await first.stop()
    }

    @Test(arguments: StoreBackend.all)
    func aSignInFormFromOneServiceSignsInAtTheOtherOnce(_ backend: StoreBackend) async throws {
        let (first, second, drop) = try await Self.twoServices(backend)
        defer { drop() }
        let token = try first.token(.submitter, "DE-HRK-0815")
        let form = try await first.probe.send("GET", "/sign-in")
        let cookie = try #require(form.headers["set-cookie"]?.components(separatedBy: ";").first)
        let nonce = try #require(form.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
        let headers = ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"]
        let body = Data("csrf=\(nonce)&token=\(token)".utf8)
        let signedIn = try await second.probe.send("POST", "/sign-in", headers: headers, body: body)
        #expect(signedIn.status == 303)
        #expect(try await first.probe.send("POST", "/sign-in", headers: headers, body: body).status == 403, "used up at the other service")
        #expect(try await second.probe.send("POST", "/sign-in", headers: headers, body: body).status == 403)
        try await second.stop()
        try await first.stop()
    }

    @Test(arguments: StoreBackend.all)
    func failedSignInsAtBothServicesReachTheLimitTogether(_ backend: StoreBackend) async throws {
        let (first, second, drop) = try await Self.twoServices(backend) { $0.signInLimit = 3 }
        defer { drop() }
        let good = try first.token(.submitter, "DE-HRK-0815")
        let guess = try #require(AccessToken.accountId(of: good)) + "." + String(repeating: "0", count: 64)
        for service in [first, second, first] {
            #expect(try await service.probe.send("GET", "/api/v1/submissions", token: guess).status == 401)
        }
        for service in [second, first] {
            let blocked = try await service.probe.send("GET", "/api/v1/submissions", token: guess)
            #expect(blocked.status == 429)
            #expect(Int(blocked.headers["retry-after"] ?? "") ?? 0 > 0)
        }
        // The account's own token passes at both.
        for service in [first, second] {
            #expect(try await service.probe.send("GET", "/api/v1/submissions", token: good).status == 200)
        }
        try await second.stop()
        try await first.stop()
    }

    @Test(arguments: StoreBackend.all)
    func theStoreHoldsNoCookieValueNonceOrAddressInClear(_ backend: StoreBackend) async throws {
        let (first, second, drop) = try await Self.twoServices(backend) { $0.signInLimit = 3 }
        defer { drop() }
        let token = try first.token(.submitter, "DE-HRK-0815")
        let session = try await PageTests.signIn(first, token: token)
        let form = try await second.probe.send("GET", "/sign-in")
        let nonce = String(try #require(form.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1))
        #expect(try await second.probe.send("GET", "/api/v1/submissions", token: "nonsense").status == 401)
        let store = first.services.configuration.storePath
        let sessions = try StoredRows.rows(of: "page_sessions", in: store)
        let nonces = try StoredRows.rows(of: "sign_in_nonces", in: store)
        let failures = try StoredRows.rows(of: "sign_in_failures", in: store)
        #expect(sessions.count == 1 && nonces.count == 1 && failures.count == 1)
        let cookieValue = String(session.cookie.split(separator: "=", maxSplits: 1).last ?? "")
        let everything = (sessions + nonces + failures).joined(separator: "\n")
        for secret in [cookieValue, session.csrf, nonce, "127.0.0.1"] {
            #expect(!everything.contains(secret))
        }
        #expect(everything.contains(AccessToken.digest(cookieValue)) && everything.contains(AccessToken.digest(nonce)))
        try await second.stop()
        try await first.stop()
    }
}

/// What a store holds, read past the service: every row of a table as text.
enum StoredRows {
    static func rows(of table: String, in store: String) throws -> [String] {
        if store.hasPrefix("postgres") { return try PostgresTestDatabase.rows(of: table, at: store) }
        return try DatabaseQueue(path: store).read { db in try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map(\.description) }
    }
}
