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

    /// `<verifiablePresentation xmlns="http://data.europa.eu/europass/model/credentials#">` (the 2020
    /// draft namespace) holding one `europassCredential`: read, not "unknown format". Its
    /// `credentialSubject` has no `<achievements>`, and `<title lang="en">KULeuven Credential Master
    /// in Geology</title>` is the document's heading, not the micro-credential's (rule 6): the
    /// record is rejected missing_title.
    @Test func ecPresentationInThe2020DraftNamespace() throws {
        let (format, records) = try readRecords(wild("ec-edci_presentation-2020-draft.xml"))
        #expect(format == .elmXML)
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:example:credential:b576d4a4-c669-458b-ba17-23bd3237e177")
        #expect(r.text(.learnerId) == "86.02.20-409.89")   // credentialSubject id="" is blank: nationalId
        #expect(r.text(.learnerBirthYear) == "1986")
        #expect(r.provenance.line == 12)
        #expect(r.rejectReason == .missingTitle)
    }
}
