import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// annex-i.md rule 22: JSON-LD as written — `@id`/`@type`, value objects, string references
/// between the nodes of a flattened graph, and expanded JSON-LD named for what it is.
@Suite final class JSONLDAsWrittenTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    /// A flattened graph written with keywords only: `@id`, `@type`, value objects with
    /// `@language` and typed dates, and nodes that name each other by a bare string.
    static let graph = """
        {"@context": "http://data.europa.eu/snb/model/context/edc-ap", "@graph": [
          {"@id": "urn:epass:person:1", "@type": "Person", "identifier": "urn:epass:identifier:1",
           "hasClaim": ["urn:epass:learningAchievement:1"]},
          {"@id": "urn:epass:identifier:1", "@type": "Identifier", "notation": {"@value": "STU-22"}},
          {"@id": "urn:credential:LD", "@type": ["cred:VerifiableCredential", "elm:EuropeanDigitalCredential"],
           "credentialSubject": "urn:epass:person:1",
           "issued": {"@value": "2024-06-01T22:30:00Z", "@type": "xsd:dateTime"}},
          {"@id": "urn:epass:learningAchievement:1", "@type": "elm:LearningAchievement",
           "title": [{"@value": "Graphes", "@language": "fr"}, {"@value": "Graph skills", "@language": "en"}],
           "awardedBy": "urn:epass:awardingProcess:1", "specifiedBy": "urn:epass:spec:1"},
          {"@id": "urn:epass:awardingProcess:1", "@type": "AwardingProcess", "awardingBody": "urn:epass:org:1"},
          {"@id": "urn:epass:org:1", "@type": "Organisation", "legalName": {"@value": "Graph University", "@language": "en"},
           "registration": "urn:epass:reg:1", "location": "urn:epass:location:1", "next": "urn:epass:person:1"},
          {"@id": "urn:epass:reg:1", "@type": "LegalIdentifier", "notation": "DE-GU-22"},
          {"@id": "urn:epass:location:1", "@type": "Location", "address": "urn:epass:address:1"},
          {"@id": "urn:epass:address:1", "@type": "Address", "countryCode": "http://publications.europa.eu/resource/authority/country/DEU"},
          {"@id": "urn:epass:spec:1", "@type": "Qualification", "volumeOfLearning": {"@value": "PT50H", "@type": "xsd:duration"},
           "learningOutcome": ["urn:epass:lo:1", "urn:epass:lo:2"], "eqfLevel": "http://data.europa.eu/snb/eqf/5",
           "creditPoint": "urn:epass:credit:1"},
          {"@id": "urn:epass:credit:1", "@type": "CreditPoint", "framework": "http://data.europa.eu/snb/education-credit/6fcec5c5af",
           "point": {"@value": "2"}},
          {"@id": "urn:epass:lo:1", "@type": "LearningOutcome", "title": {"@value": "Reads graphs", "@language": "en"}},
          {"@id": "urn:epass:lo:2", "@type": "LearningOutcome", "title": [{"@value": "Écrit des graphes", "@language": "fr"}]}]}
        """

    @Test func flattenedGraphWrittenWithKeywordsIsRootedAndResolved() throws {
        let (format, records) = try readRecords(try directory.write("graph.jsonld", Self.graph))
        #expect(format == .elmJSONLD)
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:credential:LD")          // "@id"
        #expect(r.text(.learnerId) == "STU-22")                         // "identifier": "urn:…" → node → {"@value"}
        #expect(r.text(.title) == "Graph skills")                       // language-tagged values: en first
        #expect(r.text(.awardingBodyId) == "DE-GU-22")                  // string references all the way
        #expect(r.text(.awardingBodyName) == "Graph University")
        #expect(r.list(.issuerCountry) == ["DE"])
        #expect(r.text(.issueDate) == "2024-06-02")                     // typed xsd:dateTime, Berlin's civil date
        #expect(r.text(.workloadHours) == "50")
        #expect(r.text(.ects) == "2")
        #expect(r.text(.eqfLevel) == "5")
        #expect(r.list(.learningOutcomes) == ["Reads graphs", "Écrit des graphes"])
        #expect(r.locations[Field.issueDate.rawValue]?.pointer == "/@graph/2/issued/@value")
        #expect(r.locations[Field.title.rawValue]?.pointer == "/@graph/3/title")
    }

    /// The same credential compact, not flattened, with value objects in place.
    @Test func valueObjectsInACompactCredential() throws {
        let credential = ELMFixtures.v3Credential()
            .replacingOccurrences(of: "\"validFrom\": \"2022-12-31T23:00:00Z\"",
                                  with: "\"validFrom\": {\"@value\": \"2022-12-31T23:00:00Z\", \"@type\": \"http://www.w3.org/2001/XMLSchema#dateTime\"}")
            .replacingOccurrences(of: "\"point\": \"7,5\"", with: "\"point\": {\"@value\": \"7,5\"}")
            .replacingOccurrences(of: "\"id\": \"urn:credential:1\"", with: "\"@id\": \"urn:credential:1\"")
        #expect(credential.contains("\"@value\": \"7,5\""))
        let r = try directory.onlyRecord("compact.jsonld", credential)
        #expect(r.text(.credentialId) == "urn:credential:1")
        #expect(r.text(.issueDate) == "2023-01-01")
        #expect(r.text(.ects) == "7,5")
    }

    @Test func expandedJSONLDIsNamedAsSuch() throws {
        let expanded = """
            [{"@id": "urn:credential:X", "@type": ["https://www.w3.org/2018/credentials#VerifiableCredential"],
              "https://www.w3.org/2018/credentials#credentialSubject": [{"@id": "did:example:1"}],
              "https://www.w3.org/2018/credentials#issuanceDate": [{"@value": "2024-01-01", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}]}]
            """
        let error = try #require(throws: IngestError.self) { try readRecords(try self.directory.write("expanded.jsonld", expanded)) }
        guard case .unknownFormat(_, let seen) = error else { Issue.record("\(error)"); return }
        #expect(seen.contains("expanded JSON-LD (full IRIs as keys, such as https://www.w3.org/2018/credentials#credentialSubject)"))
        // Flattened and expanded at once: named the same.
        let graph = "{\"@graph\": " + expanded + "}"
        let flattened = try #require(throws: IngestError.self) { try readRecords(try self.directory.write("graph.jsonld", graph)) }
        #expect(flattened.message.contains("expanded JSON-LD"))
    }
}
