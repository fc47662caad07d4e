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

    @Test func aValidTokenPassesWhateverFailedBeforeFromTheSameAddress() async throws {
        let service = try await RunningService.start { $0.signInLimit = 3 }
        let good = try service.token(.submitter, "DE-HRK-0815")
        let id = try #require(AccessToken.accountId(of: good))
        for token in ["nonsense", "nonsense", "nonsense", id + "." + String(repeating: "0", count: 64)] {
            #expect(try await service.probe.send("GET", "/api/v1/submissions", token: token).status == 401)
        }
        let blocked = try await service.probe.send("GET", "/api/v1/submissions", token: "nonsense")
        #expect(blocked.status == 429)
        #expect(Int(blocked.headers["retry-after"] ?? "") ?? 0 > 0)
        // Behind the proxy everyone shares this address: the institution's own token still passes.
        #expect(try await service.probe.send("GET", "/api/v1/submissions", token: good).status == 200)
        try await service.stop()
    }

    @Test func guessingAtAnAccountLocksOutOnlyTheGuesser() async throws {
        let service = try await RunningService.start { $0.signInLimit = 3; $0.trustedProxies = [AddressRange("127.0.0.1/32")!] }
        let good = try service.token(.submitter, "DE-HRK-0815")
        let guess = try #require(AccessToken.accountId(of: good)) + "." + String(repeating: "0", count: 64)
        let attacker = ["X-Forwarded-For": "198.51.100.7, 203.0.113.9"]
        for _ in 0..<3 {
            #expect(try await service.probe.send("GET", "/api/v1/submissions", token: guess, headers: attacker).status == 401)
        }
        #expect(try await service.probe.send("GET", "/api/v1/submissions", token: guess, headers: attacker).status == 429)
        // Another address guessing at the same account is counted on its own ...
        #expect(try await service.probe.send("GET", "/api/v1/submissions", token: guess, headers: ["X-Forwarded-For": "203.0.113.10"]).status == 401)
        // ... and the account's own token passes, even from the guesser's address.
        #expect(try await service.probe.send("GET", "/api/v1/submissions", token: good, headers: attacker).status == 200)
        let audit = try String(contentsOfFile: service.directory.path("audit.jsonl"), encoding: .utf8)
        #expect(audit.contains(#""address":"203.0.113.9""#) && audit.contains(#""event":"sign_in_refused""#))
        #expect(!audit.contains("198.51.100.7"), "an entry the client wrote itself is not believed")
        try await service.stop()
    }

    @Test func forwardedForIsIgnoredFromAPeerThatIsNoTrustedProxy() async throws {
        let service = try await RunningService.start { $0.signInLimit = 3 }
        for index in 0..<3 {
            let answer = try await service.probe.send("GET", "/api/v1/submissions", token: "nonsense", headers: ["X-Forwarded-For": "203.0.113.\(index)"])
            #expect(answer.status == 401)
        }
        #expect(try await service.probe.send("GET", "/api/v1/submissions", token: "nonsense", headers: ["X-Forwarded-For": "203.0.113.99"]).status == 429)
        let audit = try String(contentsOfFile: service.directory.path("audit.jsonl"), encoding: .utf8)
        #expect(!audit.contains("203.0.113.") && audit.contains(#""address":"127.0.0.1""#))
        try await service.stop()
    }

    @Test func addressRangesAndTheForwardedClient() {
        let proxies = [AddressRange("10.0.0.0/8")!, AddressRange("::1")!]
        #expect(proxies[0].contains("10.200.3.4") && !proxies[0].contains("11.0.0.1") && proxies[0].contains("::ffff:10.1.2.3"))
        #expect(proxies[1].contains("::1") && !proxies[1].contains("::2"))
        #expect(AddressRange("10.0.0.0/33") == nil && AddressRange("proxy") == nil && AddressRange("fd00::/8") != nil)
        #expect(AddressRange.client(peer: "10.0.0.5", forwardedFor: "1.2.3.4, 198.51.100.2, 10.0.0.9", trusted: proxies) == "198.51.100.2")
        #expect(AddressRange.client(peer: "192.0.2.1", forwardedFor: "198.51.100.2", trusted: proxies) == "192.0.2.1")
        #expect(AddressRange.client(peer: "10.0.0.5", forwardedFor: "not-an-address", trusted: proxies) == "10.0.0.5")
    }

    @Test func constantTimeComparisonSeesEveryByte() {
        let digest = AccessToken.digest("a")
        #expect(AccessToken.constantTimeEquals(digest, digest))
        #expect(!AccessToken.constantTimeEquals(digest, String(digest.dropLast()) + "0"))
        #expect(!AccessToken.constantTimeEquals(digest, "0" + digest.dropFirst()))
        #expect(!AccessToken.constantTimeEquals(digest, String(digest.dropLast())))
    }
}
