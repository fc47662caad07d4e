import Foundation
import MCTestSupport
import Testing

/// annex-i.md rules 23 and 24 through the built `mcstat`: a credential that is not an award is a
/// file-level `not_an_award` warning in `validate`'s JSON and `ingest`'s counts, the same on one
/// thread and on several; each award of a credential is a record; `--explain` names the claim.
@Suite final class CredentialsOnTheirOwnCommandTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
    static func token(_ payload: String) -> String {
        base64URL("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + base64URL(payload) + ".c2lnbmF0dXJl"
    }

    /// A wallet's JWT presentation: an identity credential (personal data only), then a diploma.
    func presentation() throws -> String {
        let identity = """
            {"id": "urn:uuid:id-9", "type": ["VerifiableCredential", "VerifiableAttestation", "VerifiableId"],
             "credentialSubject": {"id": "did:key:SECRET-PERSON", "familyName": "Secretname"}}
            """
        let diploma = ELMFixtures.v3Credential(id: "urn:credential:W")
        let vp = "{\"vp\": {\"verifiableCredential\": [\"\(Self.token("{\"vc\": \(identity)}"))\", \"\(Self.token("{\"vc\": \(diploma)}"))\"]}}"
        return try directory.write("presentation.jwt", Self.token(vp) + "\n")
    }

    func file(_ result: ProcessRunner.Result) throws -> [String: Any] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require((json["files"] as? [[String: Any]])?.first)
    }

    @Test func validateNamesTheCredentialThatIsNotAnAward() throws {
        let path = try presentation()
        let results = try ["1", "2"].map { try MCStatProcess.run(["validate", "--format", "json", "--jobs", $0, path], in: directory) }
        #expect(results[0].stdout == results[1].stdout)
        let file = try file(results[1])
        #expect(file["format"] as? String == "vc-jwt")
        #expect(file["fatal"] is NSNull)
        #expect(file["read"] as? Int == 1)
        #expect((file["accepted"] as? Int ?? 0) + (file["rejected"] as? Int ?? 0) == 1)
        let issues = try #require(file["issues"] as? [[String: Any]])
        let skipped = try #require(issues.first { $0["code"] as? String == "not_an_award" })
        #expect(skipped["severity"] as? String == "warning")
        #expect(skipped["record"] == nil || skipped["record"] is NSNull)
        #expect((skipped["message"] as? String)?.contains("the credential at /vp/verifiableCredential/0/vc (id urn:uuid:id-9; type VerifiableCredential, VerifiableAttestation, VerifiableId) is not an award") == true)
        #expect((file["warnings"] as? Int ?? 0) >= 1)
        #expect(!results[1].stdout.contains("SECRET-PERSON") && !results[1].stdout.contains("Secretname"))
        // The text report says it too.
        let text = try MCStatProcess.run(["validate", path], in: directory)
        #expect(text.stdout.contains("warning not_an_award"))
    }

    @Test func ingestCountsTheWarningAndStoresTheAward() throws {
        let key = directory.outsidePath("key")
        FileManager.default.createFile(atPath: key, contents: Data(repeating: 3, count: 32), attributes: [.posixPermissions: 0o600])
        let result = try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--key-file", key, "--format", "json", "--jobs", "2", try presentation()],
                                           in: directory)
        let file = try file(result)
        #expect(file["read"] as? Int == 1)
        let issues = try #require(file["issues"] as? [[String: Any]])
        #expect(issues.contains { $0["code"] as? String == "not_an_award" })
        #expect((file["warnings"] as? Int ?? 0) >= 1)
    }

    /// An ELM v2 batch whose first credential holds two learning achievements: three records,
    /// read = accepted + rejected, on one thread and on two.
    @Test func eachAwardIsARecordAndExplainNamesItsClaim() throws {
        let first = ELMFixtures.v2TwoAwards(id: "urn:credential:X")
        let path = try directory.write("batch.xml", ELMFixtures.v2Batch([first, ELMFixtures.v2Credential(id: "urn:credential:Y")]))
        let results = try ["1", "2"].map { try MCStatProcess.run(["validate", "--format", "json", "--jobs", $0, path], in: directory) }
        #expect(results[0].stdout == results[1].stdout)
        let file = try file(results[1])
        #expect(file["read"] as? Int == 3)
        #expect((file["accepted"] as? Int ?? 0) + (file["rejected"] as? Int ?? 0) == 3)
        let issues = try #require(file["issues"] as? [[String: Any]])
        #expect(issues.contains { $0["record"] as? Int == 2 && $0["code"] as? String == "missing_assessment_type" })

        let explained = try MCStatProcess.run(["validate", "--explain", "--record", "2", path], in: directory)
        #expect(explained.stdout.contains("batch.xml (elm-xml), record 2, line 3:"))
        #expect(explained.stdout.contains("  from claim 2 of 2: credentialSubject/achievements/learningAchievement[2], line "))
        #expect(explained.stdout.contains("(credential_id): 'urn:credential:X#2'"))
        #expect(explained.stdout.contains("(title): 'Second award'"))
        let one = try MCStatProcess.run(["validate", "--explain", "--record", "3", path], in: directory)
        #expect(!one.stdout.contains("from claim"))
    }
}
