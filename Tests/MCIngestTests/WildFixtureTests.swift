import Foundation
import MCIngest
import MCModel
import Testing

/// Real credential files published by other projects (Fixtures/wild, see its SOURCES.md): each is
/// read or refused for the reason the element quoted beside it decides.
@Suite struct WildFixtureTests {
    func wild(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/wild/" + name, withExtension: nil)!.path
    }

    func seen(_ name: String) throws -> String? {
        do {
            _ = try readRecords(wild(name))
            return nil
        } catch let error as IngestError {
            guard case .unknownFormat(_, let seen) = error else { return "\(error)" }
            return seen
        }
    }

    /// `"vc":{"type":["VerifiableCredential","UniversityDegreeCredential"],"credentialSubject":{"degree":…}}`
    /// — a compact JWS with a payload (so never "CSV"), whose credential is no ELM or Open Badges award.
    @Test func w3cVCJWTIsNamedForWhatItHolds() throws {
        #expect(try FormatDetector.detect(path: wild("w3c-example-016-jwt.jwt")) == .vcJWT)
        let reason = try #require(try seen("w3c-example-016-jwt.jwt"))
        #expect(reason == "a verifiable credential of type UniversityDegreeCredential, neither an ELM nor an Open Badges credential (no hasClaim, achieved or achievement in its credentialSubject)")
    }

    /// `"verifiableCredential": ["eyJhbGciOiJSUzI1NiIs…"]` — the presentation is opened and the token
    /// inside it decoded: the same UniversityDegreeCredential.
    @Test func w3cPresentationOfAVCJWTIsOpened() throws {
        let reason = try #require(try seen("w3c-example-016-jwt-presentation.jsonld"))
        #expect(reason == "JSON holding a verifiable credential of type UniversityDegreeCredential, neither an ELM nor an Open Badges credential (no hasClaim, achieved or achievement in its credentialSubject)")
    }
}
