import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// annex-i.md rule 24: each top-level award claim of a credential is one record; the first
/// keeps the credential id, the n-th gets `<credential id>#<n>`; `hasPart` parts, activities and
/// assessments are never records.
@Suite final class SeveralAwardsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    /// An ELM v3 credential whose subject holds an award (with a part), an activity, an
    /// assessment and a second award.
    static func v3TwoAwards(id: String = "urn:credential:M") -> String {
        let one = ELMFixtures.v3Credential(id: id)
        let claims = """
            "hasClaim": [
              {"id": "urn:epass:learningAchievement:1", "type": "LearningAchievement", "title": {"en": "Water management"},
               "awardedBy": {"awardingBody": {"id": "urn:epass:org:1"}},
               "hasPart": {"id": "urn:epass:learningAchievement:9", "type": "LearningAchievement", "title": {"en": "A part"}},
               "specifiedBy": {"title": {"en": "Water management"}, "volumeOfLearning": "PT50H"}},
              {"id": "urn:epass:activity:1", "type": "LearningActivity", "title": {"en": "Field trip"}},
              {"id": "urn:epass:assessment:1", "type": "LearningAssessment", "title": {"en": "Exam"}},
              {"id": "urn:epass:learningAchievement:2", "type": "LearningAchievement", "title": {"en": "Flood defences"},
               "awardedBy": {"awardingBody": {"id": "urn:epass:org:1"}},
               "specifiedBy": {"title": {"en": "Flood defences"}, "volumeOfLearning": "PT25H"}}]}}
            """
        let start = one.range(of: "\"hasClaim\":")!.lowerBound
        return String(one[..<start]) + claims
    }

    @Test func eachAwardClaimIsARecord() throws {
        let (format, records) = try readRecords(try directory.write("two.jsonld", Self.v3TwoAwards()))
        #expect(format == .elmJSONLD)
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:M", "urn:credential:M#2"])
        #expect(records.map { $0.text(.title) } == ["Water management", "Flood defences"])
        #expect(records.map { $0.text(.workloadHours) } == ["50", "25"])
        #expect(records.map { $0.text(.learnerId) } == ["did:example:learner-1", "did:example:learner-1"])
        #expect(records.map { $0.list(.issuerCountry) } == [["BE"], ["BE"]])
        #expect(records.map(\.provenance.record) == [1, 2])
        #expect(records.map(\.provenance.claim) == ["claim 1 of 2: /credentialSubject/hasClaim/0", "claim 2 of 2: /credentialSubject/hasClaim/3"])
        #expect(records.map { $0.locations[Field.title.rawValue]?.pointer } == ["/credentialSubject/hasClaim/0/title", "/credentialSubject/hasClaim/3/title"])
        // A credential of one award keeps its id and names no claim.
        let single = try directory.onlyRecord("one.jsonld", ELMFixtures.v3Credential())
        #expect(single.text(.credentialId) == "urn:credential:1")
        #expect(single.provenance.claim == nil)
    }

    @Test func awardsOfEachCredentialOfAPresentation() throws {
        let presentation = "{\"verifiableCredential\": [\(Self.v3TwoAwards(id: "urn:credential:A")), \(ELMFixtures.v3Credential(id: "urn:credential:B"))]}"
        let (_, records) = try readRecords(try directory.write("vp.json", presentation))
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:A", "urn:credential:A#2", "urn:credential:B"])
        #expect(records.map(\.provenance.pointer) == ["/verifiableCredential/0", "/verifiableCredential/0", "/verifiableCredential/1"])
        #expect(records.map(\.provenance.record) == [1, 2, 3])
    }

    @Test func eachLearningAchievementOfAnELMv2CredentialIsARecord() throws {
        let batch = ELMFixtures.v2Batch([ELMFixtures.v2TwoAwards(id: "urn:credential:X", part: true), ELMFixtures.v2Credential(id: "urn:credential:Y")])
        let (format, records) = try readRecords(try directory.write("batch.xml", batch))
        #expect(format == .elmXML)
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:X", "urn:credential:X#2", "urn:credential:Y"])
        #expect(records.map { $0.text(.title) } == ["Data literacy", "Second award", "Data literacy"])
        #expect(records.map(\.provenance.record) == [1, 2, 3])
        #expect(records.map { $0.text(.awardingBodyId) } == ["DE-HS-1", "DE-HS-1", "DE-HS-1"])
        #expect(records[1].provenance.claim?.hasPrefix("claim 2 of 2: credentialSubject/achievements/learningAchievement[2], line ") == true)
        #expect(records[1].rejectReason == .missingAssessmentType)   // the second award has no wasDerivedFrom
        // Read in pieces, as validate and ingest read it, the records are the same.
        var reader = try ELMXMLReader(path: try directory.write("batch2.xml", batch))
        var pieces: [RawRecord] = []
        while let piece = try reader.nextPiece() { pieces += try piece.decode().map { $0.record() } }
        #expect(pieces.map { $0.text(.credentialId) } == ["urn:credential:X", "urn:credential:X#2", "urn:credential:Y"])
        #expect(pieces.map(\.provenance.record) == [1, 2, 1])   // numbered within each piece
    }
}
