import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// annex-i.md rule 23: every credential of a presentation, a batch or a JWT presentation on its
/// own; a credential that is not an award is named in a `not_an_award` warning and skipped; the
/// file is fatal only when nothing in it can be read; credentials embedded as text are decoded.
@Suite final class EveryCredentialOnItsOwnTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    /// Every record and file-level warning of a file, read as `validate --explain` reads it.
    func read(_ name: String, _ text: String) throws -> (format: InputFormat, records: [RawRecord], warnings: [ValidationIssue]) {
        var reader = try ReaderFactory.open(path: try directory.write(name, text))
        var records: [RawRecord] = []
        while let record = try reader.next() { records.append(record) }
        try reader.finish()
        return (reader.format, records, reader.fileIssues)
    }

    /// An identity credential (EBSI's VerifiableId), holding personal data only.
    static let identity = """
        {"@context": ["https://www.w3.org/2018/credentials/v1"], "id": "urn:uuid:id-credential-7",
         "type": ["VerifiableCredential", "VerifiableAttestation", "VerifiableId"], "issuer": "did:ebsi:issuer",
         "credentialSubject": {"id": "did:key:person-secret", "familyName": "Secretname", "firstName": "Jane", "dateOfBirth": "1990-01-01"}}
        """

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    static func base64URL(_ text: String) -> String {
        base64(text).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
    static func token(_ payload: String) -> String {
        base64URL("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + base64URL(payload) + ".c2lnbmF0dXJl"
    }

    /// The warning names the credential by place, id and types, and nothing of its subject.
    func expectNamed(_ warning: ValidationIssue?, at pointer: String) {
        #expect(warning?.code == .notAnAward)
        #expect(warning?.severity == .warning)
        #expect(warning?.record == nil)
        #expect(warning?.pointer == pointer)
        let message = warning?.message ?? ""
        #expect(message.contains("the credential at \(pointer) (id urn:uuid:id-credential-7; type VerifiableCredential, VerifiableAttestation, VerifiableId) is not an award"))
        for personal in ["Secretname", "Jane", "person-secret", "1990"] { #expect(!message.contains(personal)) }
    }

    @Test func presentationKeepsItsAwardBesideAnIdentityCredential() throws {
        let presentation = """
            {"type": ["VerifiablePresentation"], "verifiableCredential": [\(Self.identity), \(ELMFixtures.v3Credential(id: "urn:credential:D"))]}
            """
        let (format, records, warnings) = try read("vp.json", presentation)
        #expect(format == .elmJSONLD)
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:D"])
        #expect(records.map(\.provenance.pointer) == ["/verifiableCredential/1"])
        #expect(records.map(\.provenance.record) == [1])
        #expect(warnings.count == 1)
        expectNamed(warnings.first, at: "/verifiableCredential/0")
    }

    /// The wallet's JWT presentation: `vp.verifiableCredential` holds two VC-JWTs, the identity
    /// credential first.
    @Test func jwtPresentationOfAnIdentityCredentialThenADiploma() throws {
        let vp = "{\"iss\": \"did:key:holder\", \"vp\": {\"type\": [\"VerifiablePresentation\"], \"verifiableCredential\": [\"\(Self.token("{\"vc\": \(Self.identity)}"))\", \"\(Self.token("{\"jti\": \"urn:credential:J\", \"vc\": \(ELMFixtures.v3Credential(id: ""))}"))\"]}}"
        let (format, records, warnings) = try read("vp.jwt", Self.token(vp) + "\n")
        #expect(format == .vcJWT)
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:J"])
        #expect(records.first?.text(.title) == "Water management")
        expectNamed(warnings.first, at: "/vp/verifiableCredential/0/vc")
    }

    /// The EDC wallet's ELM presentation holds its credentials under `presentedCredential`.
    @Test func presentedCredentialIsAPresentation() throws {
        let presentation = """
            {"type": ["VerifiablePresentation", "EuropeanDigitalPresentation"],
             "presentedCredential": [\(ELMFixtures.v3Credential(id: "urn:credential:P1")), \(ELMFixtures.v3Credential(id: "urn:credential:P2"))]}
            """
        let (format, records, warnings) = try read("edp.json", presentation)
        #expect(format == .elmJSONLD)
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:P1", "urn:credential:P2"])
        #expect(records.map(\.provenance.pointer) == ["/presentedCredential/0", "/presentedCredential/1"])
        #expect(warnings.isEmpty)
    }

    @Test func aFileOfNothingButCredentialsThatAreNotAwardsIsFatal() throws {
        let presentation = "{\"type\": \"VerifiablePresentation\", \"verifiableCredential\": [\(Self.identity), \(Self.identity)]}"
        let error = try #require(throws: IngestError.self) { try self.read("ids.json", presentation) }
        #expect(error.code == "unknown_format")
        #expect(error.message.contains("the credential at /verifiableCredential/0 (id urn:uuid:id-credential-7; type VerifiableCredential, VerifiableAttestation, VerifiableId) is a verifiable credential of type VerifiableId"))
        #expect(!error.message.contains("Secretname"))
        // A JWT file of one identity credential: nothing can be read, whichever way it is read.
        let error2 = try #require(throws: IngestError.self) { try self.read("id.jwt", Self.token("{\"vc\": \(Self.identity)}")) }
        #expect(error2.code == "unknown_format")
        // JSON Lines whose first line is an identity credential and second an award: read.
        let lines = Self.identity.replacingOccurrences(of: "\n", with: " ") + "\n" + ELMFixtures.v3Credential(id: "urn:credential:L").replacingOccurrences(of: "\n", with: " ") + "\n"
        let (_, records, warnings) = try read("mixed.jsonl", lines)
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:L"])
        expectNamed(warnings.first, at: "/0")
    }

    /// Envelopes carrying the credential as one member: a JSON string holding JSON, base64 text.
    @Test func envelopesAndEmbeddedTextAreOpened() throws {
        let credential = ELMFixtures.v3Credential(id: "urn:credential:E")
        let escaped = String(decoding: try JSONSerialization.data(withJSONObject: [credential], options: [.fragmentsAllowed]), as: UTF8.self).dropFirst().dropLast()
        for (name, text) in [("document_data.json", "{\"document_data\": \(escaped)}"),
                             ("payload.json", "{\"payload\": \"\(Self.base64(credential))\"}"),
                             ("vp64.json", "{\"verifiableCredential\": [\"\(Self.base64(credential))\"]}"),
                             ("dataurl.json", "{\"credential\": \"data:application/ld+json;base64,\(Self.base64(credential))\"}")] {
            let (format, records, _) = try read(name, text)
            #expect(format == .elmJSONLD, "\(name)")
            #expect(records.map { $0.text(.credentialId) } == ["urn:credential:E"], "\(name)")
            #expect(records.first?.text(.title) == "Water management", "\(name)")
        }
        // An ELM v2 XML credential as base64 inside a JSON presentation.
        let xml = ELMFixtures.v2Credential(id: "urn:credential:X64")
        let (format, records, _) = try read("xml64.json", "{\"verifiableCredential\": [\"\(Self.base64(xml))\"]}")
        #expect(format == .elmXML)
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:X64"])
        #expect(records.first?.text(.title) == "Data literacy")
        #expect(records.first?.rejectReason == nil)
    }

    /// ELM v2 XML presentations: a credential inline, one as base64 text, one as escaped XML,
    /// and one holder with nothing readable.
    @Test func xmlPresentationReadsEachCredentialAndNamesTheRest() throws {
        let inline = ELMFixtures.v2Credential(id: "urn:credential:I")
        let encoded = Self.base64(ELMFixtures.v2Credential(id: "urn:credential:B64", learner: "STU-2"))
        let escaped = ELMFixtures.v2Credential(id: "urn:credential:T", learner: "STU-3")
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let presentation = """
            <?xml version="1.0" encoding="UTF-8"?>
            <verifiablePresentation xmlns="http://data.europa.eu/europass/model/credentials#">
              <verifiableCredential id="A">\(inline)</verifiableCredential>
              <presentedCredential id="B">
            \(encoded)
              </presentedCredential>
              <verifiableCredential id="C">\(escaped)</verifiableCredential>
              <verifiableCredential id="D">any valid xml content is accepted<anyCredentialType>anything</anyCredentialType></verifiableCredential>
            </verifiablePresentation>
            """
        let (format, records, warnings) = try read("vp.xml", presentation)
        #expect(format == .elmXML)
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:I", "urn:credential:B64", "urn:credential:T"])
        #expect(records.map { $0.text(.learnerId) } == ["STU-1", "STU-2", "STU-3"])
        #expect(records.map(\.provenance.record) == [1, 2, 3])
        #expect(records.map { $0.rejectReason } == [nil, nil, nil])
        #expect(warnings.map(\.code) == [.notAnAward])
        let line = try #require(presentation.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("id=\"D\"") }) + 1
        #expect(warnings.first?.message.hasPrefix("the credential at <verifiableCredential> at line \(line) is not an award") == true)
        #expect(warnings.first?.line == line)
    }
}
