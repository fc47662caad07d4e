import Foundation
import MCIngest
import MCModel
import MCNormalize
import MCTestSupport
import Testing

/// Readings that were wrong (issue 7): each test reads a real file through the format detector
/// and the reader, and checks the record the normalizer makes of it.
@Suite final class WrongReadingsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    func only(_ name: String, _ text: String) throws -> RawRecord { try directory.onlyRecord(name, text) }

    func accepted(_ record: RawRecord) -> Credential? {
        if case .accepted(let credential, _, _) = testNormalizer.normalize(record) { return credential }
        return nil
    }

    // MARK: ELM v2 hasCreditPoints with the v2 ECTS scheme

    @Test func elmV2CreditPointsInTheECTSSchemeAreECTS() throws {
        let scheme = "http://data.europa.eu/europass/educationalCreditPointSystem/ects"
        let xml = ELMFixtures.v2Credential(id: "urn:credential:E")
            .replacingOccurrences(of: "<hasECTSCreditPoints>5</hasECTSCreditPoints>",
                                  with: "<hasCreditPoints schemeID=\"\(scheme)\">7.5</hasCreditPoints>")
            .replacingOccurrences(of: "<volumeOfLearning>PT125H</volumeOfLearning>", with: "")
        let record = try only("ects.xml", xml)
        #expect(record.text(.ects) == "7.5")
        #expect(record.rejectReason == nil)
        #expect(accepted(record)?.ects == Decimal(string: "7.5"))
        // ECVET points in the same place are not ECTS: the record has no workload.
        let ecvet = try only("ecvet.xml", xml.replacingOccurrences(of: scheme, with: "http://data.europa.eu/europass/educationalCreditPointSystem/ecvet"))
        #expect(ecvet.text(.ects) == nil)
        #expect(ecvet.rejectReason == .missingEctsAndWorkloadHours)
    }

    // MARK: null and blank are absent

    @Test func elmV3NullOrBlankIssuedFallsThroughToValidFrom() throws {
        for issued in ["null", "\"\"", "\"  \"", "[]"] {
            let json = ELMFixtures.v3Credential().replacingOccurrences(of: "\"validFrom\":", with: "\"issued\": \(issued), \"validFrom\":")
            let record = try only("issued.json", json)
            // validFrom 2022-12-31T23:00:00Z is 2023-01-01 in Brussels.
            #expect(record.text(.issueDate) == "2023-01-01", "issued: \(issued)")
            #expect(record.rejectReason == nil, "issued: \(issued)")
        }
    }

    @Test func elmV3NullTitleFallsThroughToTheSpecificationTitle() throws {
        var json = ELMFixtures.v3Credential()
        let claim = try #require(json.range(of: "\"LearningAchievement\","))
        let title = try #require(json.range(of: "{\"fr\": \"Water management (fr)\", \"en\": \"Water management\"}", range: claim.upperBound..<json.endIndex))
        json.replaceSubrange(title, with: "null")
        let record = try only("title.json", json)
        #expect(record.text(.title) == "Water management")
        #expect(record.locations[Field.title.rawValue]?.pointer == "/credentialSubject/hasClaim/specifiedBy/title")
    }

    @Test func elmV2BlankIssuedFallsThroughToValidFrom() throws {
        let xml = ELMFixtures.v2Credential(id: "urn:credential:V")
        let issued = try #require(xml.range(of: "<cred:issued>"))
        let end = try #require(xml.range(of: "</cred:issued>"))
        let blank = xml.replacingCharacters(in: issued.lowerBound..<end.upperBound, with: "<cred:issued> </cred:issued><cred:validFrom>2025-05-02</cred:validFrom>")
        let record = try only("blank.xml", blank)
        #expect(record.text(.issueDate) == "2025-05-02")
    }

    @Test func openBadgesNullValidFromFallsThroughToIssuanceDate() throws {
        let json = """
            {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
             "issuer": {"id": "https://example.org/issuer", "name": "Example", "address": {"addressCountryCode": null, "addressCountry": "NL"}},
             "validFrom": null, "issuanceDate": "2024-05-01T10:00:00Z",
             "credentialSubject": {"id": "did:example:1", "achievement": {"name": "Badge", "ECTS": "", "creditsAvailable": 3,
               "criteria": {"narrative": " "}, "description": "Writes SQL"}}}
            """
        let record = try only("ob.json", json)
        #expect(record.text(.issueDate) == "2024-05-01")
        #expect(record.list(.issuerCountry) == ["NL"])
        #expect(record.text(.ects) == "3")
        #expect(record.list(.learningOutcomes) == ["Writes SQL"])
    }

    // MARK: canonical XML multi-values

    @Test func canonicalXMLPipeJoinedValuesGiveTheSameRecordAsCSVAndJSON() throws {
        let values = CanonicalCSV.base.merging(["issuer_country": "DE|FR", "learning_outcomes": "Reads data|Explains charts"]) { $1 }
        let csv = try only("r.csv", CanonicalCSV.file([values]))
        let elements = CanonicalCSV.header.map { "<\($0)>\(values[$0] ?? "")</\($0)>" }.joined()
        let xml = try only("r.xml", "<credentials><credential>\(elements)</credential></credentials>")
        let repeated = try only("rep.xml", "<credentials><credential>\(elements.replacingOccurrences(of: "<issuer_country>DE|FR</issuer_country>", with: "<issuer_country>DE</issuer_country><issuer_country>FR</issuer_country>"))</credential></credentials>")
        let object = CanonicalCSV.header.map { "\"\($0)\": \"\(values[$0] ?? "")\"" }.joined(separator: ", ")
        let json = try only("r.json", "[{\(object)}]")
        let fromCSV = try #require(accepted(csv))
        #expect(fromCSV.issuerCountries == ["DE", "FR"])
        #expect(fromCSV.learningOutcomes == ["Reads data", "Explains charts"])
        for other in [xml, repeated, json] {
            #expect(accepted(other) == fromCSV)
        }
    }

    // MARK: CSV language

    @Test func csvLanguageAsAuthorityCodeOrURIIsMapped() throws {
        for language in ["ENG", "eng", "http://publications.europa.eu/resource/authority/language/ENG", "en-GB"] {
            let record = try only("lang.csv", CanonicalCSV.file([["language": language]]))
            let result = testNormalizer.normalize(record)
            guard case .accepted(let credential, _, let warnings) = result else { Issue.record("\(result)"); continue }
            #expect(credential.language == "en", "\(language)")
            #expect(warnings.isEmpty, "\(language)")
        }
        let unknown = testNormalizer.normalize(try only("lang2.csv", CanonicalCSV.file([["language": "english"]])))
        #expect(unknown.warnings.map(\.code) == [.unknownOptionalValue])
    }

    // MARK: numbers too large to hold

    @Test func hugeDurationIsABadWorkloadInBothELMReaders() throws {
        let huge = "PT99999999999999999999H"
        let xml = ELMFixtures.v2Credential(id: "urn:credential:H").replacingOccurrences(of: "PT125H", with: huge)
        let json = ELMFixtures.v3Credential().replacingOccurrences(of: "\"P60M\"", with: "\"\(huge)\"")
        for record in [try only("huge.xml", xml), try only("huge.json", json)] {
            #expect(record.text(.workloadHours) == huge)
            #expect(record.rejectReason == .badWorkloadHours)
        }
        #expect(CivilDate.hours(huge) == nil)
        #expect(CivilDate.hours("P99999999999999999999Y") == nil)
        #expect(CivilDate.hours("PT1e400H") == nil)
        #expect(CivilDate.hours("PT999999999H") == 999_999_999)
    }

    @Test func hugeCreditsAndYearsAreBadValuesNotTraps() throws {
        let credits = try only("ects.csv", CanonicalCSV.file([["ects": "99999999999999999999999999999999999999999999"]]))
        let rejected = testNormalizer.normalize(credits)
        guard case .rejected(let rejection, _) = rejected else { Issue.record("accepted"); return }
        #expect(rejection.issue.code == .badEcts)
        #expect(rejection.issue.message.contains("too large"))
        #expect(try only("hours.csv", CanonicalCSV.file([["workload_hours": "99999999999999999999", "ects": ""]])).rejectReason == .badWorkloadHours)
        #expect(Normalizer.decimal("999999999.5") != nil)
        #expect(Normalizer.decimal("1000000000") == nil)
        // A birth date whose year cannot be real is dropped with a warning, not cut to 4 digits.
        let json = ELMFixtures.v3Credential().replacingOccurrences(of: "\"type\": \"Person\",", with: "\"type\": \"Person\", \"dateOfBirth\": \"99999999999-01-01\",")
        let record = try only("birth.json", json)
        #expect(record.text(.learnerBirthYear) == "99999999999-01-01")
        let birthWarnings = testNormalizer.normalize(record).warnings.filter { $0.field == "learner_birth_year" }
        #expect(birthWarnings.map { $0.code } == [.unknownOptionalValue])
        // A duration and credits whose ratio is infinite are no plausibility warning (and no trap).
        let ratio = ELMFixtures.v3Credential().replacingOccurrences(of: "\"7,5\"", with: "\"0.0000000000000000000000000000000000001\"")
            .replacingOccurrences(of: "\"P60M\"", with: "\"P9999Y\"")
        _ = try only("ratio.json", ratio)
    }

    // MARK: CSV without a header row

    @Test func csvWithoutHeaderIsDescribedByItsShapeNotItsContent() throws {
        let rows = CanonicalCSV.file([["learner_id": "SECRET-LEARNER-42"]]).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        let path = try directory.write("noheader.csv", rows)
        do {
            _ = try readRecords(path)
            Issue.record("a file without a header was read")
        } catch let error as IngestError {
            guard case .unknownFormat = error else { Issue.record("\(error)"); return }
            #expect(!error.description.contains("SECRET-LEARNER-42"))
            #expect(!error.description.contains("Data literacy"))
            #expect(error.description.contains("a row of 26 cells (text, text, number, text, text, text, text, text, …)"))
            #expect(error.description.contains("header row"))
        }
    }
}
