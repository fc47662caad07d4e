import Foundation
import GRDB
import MCServe
import MCTestSupport
import Testing

/// Every route checks the role and the awarding bodies: one institution cannot read, list or
/// guess another's submissions, receipts or rejects; a submitter reaches no report or account.
@Suite(.serialized) struct AuthorizationTests {
    static let sample = Fixtures.packageRoot.appendingPathComponent("sample-data/de-tu-nordstadt/2025-12-export.csv")

    @Test func eachRouteAnswersOnlyTheRolesItIsFor() async throws {
        let service = try await RunningService.start()
        let submitter = try service.token(.submitter, "DE-HRK-0815")
        let analyst = try service.token(.analyst)
        let admin = try service.token(.admin)
        let routes: [(method: String, path: String, allowed: Set<String>)] = [
            ("GET", "/api/v1/submissions", ["submitter", "admin"]),
            ("GET", "/api/v1/rejects?awarding_body=DE-HRK-0815", ["submitter", "admin"]),
            ("GET", "/api/v1/reports", ["analyst", "admin"]),
            ("GET", "/api/v1/runs", ["analyst", "admin"]),
            ("GET", "/api/v1/accounts", ["admin"]),
            ("GET", "/metrics", ["analyst", "admin"]),
        ]
        for route in routes {
            for (role, token) in [("submitter", submitter), ("analyst", analyst), ("admin", admin)] {
                let answer = try await service.probe.send(route.method, route.path, token: token)
                #expect(answer.status == (route.allowed.contains(role) ? 200 : 403), "\(role) \(route.path): \(answer.status)")
            }
            let anonymous = try await service.probe.send(route.method, route.path)
            #expect(anonymous.status == 401, "anonymous \(route.path)")
            let wrong = try await service.probe.send(route.method, route.path, token: "0badc0ffee00." + String(repeating: "a", count: 64))
            #expect(wrong.status == 401, "bad token \(route.path)")
        }
        // Only submitters submit.
        for token in [analyst, admin] {
            let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token, body: Data("x".utf8))
            #expect(answer.status == 403)
        }
        #expect(try await service.probe.send("GET", "/healthz").status == 200)
        try await service.stop()
    }

    @Test func oneInstitutionCannotSeeAnothersSubmissionsOrRejects() async throws {
        let service = try await RunningService.start()
        let german = try service.token(.submitter, "DE-HRK-0815")
        let dutch = try service.token(.submitter, "NL-NUFFIC-0042")
        let admin = try service.token(.admin)
        let posted = try await service.probe.send("POST", "/api/v1/submissions", token: german, body: Data(contentsOf: Self.sample))
        let receipt = try JSONDecoder().decode(Receipt.self, from: posted.body)
        // Not readable, not listed, not reachable through a query naming the other body.
        #expect(try await service.probe.send("GET", "/api/v1/submissions/\(receipt.id)", token: dutch).status == 404)
        let dutchList = try await service.probe.send("GET", "/api/v1/submissions", token: dutch)
        #expect((dutchList.json["submissions"] as? [Any])?.isEmpty == true)
        #expect(try await service.probe.send("GET", "/api/v1/rejects?awarding_body=DE-HRK-0815", token: dutch).status == 404)
        // The owner and the admin see it.
        #expect(try await service.probe.send("GET", "/api/v1/submissions/\(receipt.id)", token: german).status == 200)
        #expect(try await service.probe.send("GET", "/api/v1/submissions/\(receipt.id)", token: admin).status == 200)
        let germanList = try await service.probe.send("GET", "/api/v1/submissions", token: german)
        #expect((germanList.json["submissions"] as? [[String: Any]])?.map { $0["id"] as? String } == [receipt.id])
        // Ids are 128 random bits, not a counter: a neighbour's id cannot be guessed.
        #expect(receipt.id.wholeMatch(of: /[0-9a-f]{32}/) != nil)
        let second = try await service.probe.send("POST", "/api/v1/submissions", token: german,
                                                  body: Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("sample-data/de-tu-nordstadt/2025-06-export.csv")))
        let secondId = try JSONDecoder().decode(Receipt.self, from: second.body).id
        #expect(secondId != receipt.id && secondId.commonPrefix(with: receipt.id).count < 8)
        try await service.stop()
    }

    @Test func aSubmitterNamesOnlyItsOwnAwardingBody() async throws {
        let service = try await RunningService.start()
        let german = try service.token(.submitter, "DE-HRK-0815")
        let answer = try await service.probe.send("POST", "/api/v1/submissions?awarding_body=NL-NUFFIC-0042", token: german,
                                                  body: Data(contentsOf: Self.sample))
        #expect(answer.status == 404)
        #expect(service.landedFiles().isEmpty)
        try await service.stop()
    }

    @Test func tokensAreStoredOnlyAsTheirSHA256AndRevocationIsImmediate() async throws {
        let service = try await RunningService.start()
        let (account, token) = try service.services.accounts.add(role: .submitter, awardingBodies: ["DE-HRK-0815"], label: "TU")
        #expect(token.wholeMatch(of: /[0-9a-f]{12}\.[0-9a-f]{64}/) != nil)
        let stored = try DatabaseQueue(path: service.services.configuration.storePath).read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [account.id])
        }
        let digest: String? = stored?["token_sha256"]
        #expect(digest == AccessToken.digest(token))
        #expect(stored?.databaseValues.contains { "\($0)".contains(token.suffix(64)) } == false)
        #expect(try await service.probe.send("GET", "/api/v1/submissions", token: token).status == 200)
        try service.services.accounts.revoke(id: account.id)
        #expect(try await service.probe.send("GET", "/api/v1/submissions", token: token).status == 401)
        try await service.stop()
    }

    @Test func failedSignInsAreLimitedPerAddress() async throws {
        let service = try await RunningService.start { $0.signInLimit = 3 }
        let good = try service.token(.submitter, "DE-HRK-0815")
        for _ in 0..<3 {
            let answer = try await service.probe.send("GET", "/api/v1/submissions", token: "nonsense")
            #expect(answer.status == 401)
        }
        let blocked = try await service.probe.send("GET", "/api/v1/submissions", token: good)
        #expect(blocked.status == 429)
        #expect(Int(blocked.headers["retry-after"] ?? "") ?? 0 > 0)
        try await service.stop()
    }

    @Test func failedSignInsAreLimitedPerAccountFromAnyAddress() {
        let limiter = SignInLimiter(limit: 3, window: .seconds(60))
        for address in ["10.0.0.1", "10.0.0.2", "10.0.0.3"] {
            #expect(limiter.retryAfter(["address:" + address, "account:3f9a0c12d4e5"]) == nil)
            limiter.recordFailure(["address:" + address, "account:3f9a0c12d4e5"])
        }
        #expect(limiter.retryAfter(["address:10.0.0.4", "account:3f9a0c12d4e5"]) != nil)
        #expect(limiter.retryAfter(["address:10.0.0.4", "account:000000000000"]) == nil)
        #expect(limiter.retryAfter(["address:10.0.0.4", "account:3f9a0c12d4e5"], now: .now + .seconds(61)) == nil)
    }

    @Test func constantTimeComparisonSeesEveryByte() {
        let digest = AccessToken.digest("a")
        #expect(AccessToken.constantTimeEquals(digest, digest))
        #expect(!AccessToken.constantTimeEquals(digest, String(digest.dropLast()) + "0"))
        #expect(!AccessToken.constantTimeEquals(digest, "0" + digest.dropFirst()))
        #expect(!AccessToken.constantTimeEquals(digest, String(digest.dropLast())))
    }
}
