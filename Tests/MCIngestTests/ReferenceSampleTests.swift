import Foundation
import MCIngest
import MCModel
import Testing

/// The real public credential files (Tests/MCIngestTests/Fixtures/reference, see SOURCES.md),
/// each mapped onto Annex I by the reading rules.
@Suite struct ReferenceSampleTests {
    @Test func ecAnnexOneSampleUnsigned() throws {
        let (format, records) = try readRecords(referenceSample("Sample-MC-Annex1-unsigned.jsonld"))
        #expect(format == .elmJSONLD)
        let r = try #require(records.first)
        #expect(records.count == 1)
        #expect(r.text(.credentialId) == "urn:credential:3ef0ac26-9a1f-41c6-871b-2b82e670907b")
        #expect(r.text(.learnerId) == "LA-234218")           // urn:epass:person:1 identifies nobody
        #expect(r.text(.title) == "Digital micro-credential creation")
        #expect(r.list(.issuerCountry) == ["IE"])
        #expect(r.text(.awardingBodyId) == "Res1818")
        #expect(r.text(.awardingBodyName) == "University of Zed")
        #expect(r.text(.issueDate) == "2022-12-31")          // 2022-12-31T23:00:00Z in Dublin
        #expect(r.list(.learningOutcomes) == ["Communication, collaboration and creativity", "Developing digital content"])
        #expect(r.text(.ects) == "2")
        #expect(r.text(.workloadHours) == "60")
        #expect(r.text(.eqfLevel) == "6")
        #expect(r.text(.participationForm) == "blended")
        #expect(r.text(.assessmentType) == "artefact assessment")   // a local concept: kept, filed as other
        #expect(r.text(.supervision) == "unsupervised-no-id")
        #expect(r.text(.grade) == "Pass")
        #expect(r.text(.iscedF) == "003")
        #expect(r.text(.language) == "en")
        #expect(r.text(.qualityAssurance) == nil)
        #expect(r.rejectReason == .missingQualityAssurance)    // nothing in it states QA
    }

    @Test func ecAnnexOneSampleSigned() throws {
        let (format, records) = try readRecords(referenceSample("Sample-MC-Annex1-signed.jsonld"))
        #expect(format == .elmJSONLD)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:credential:1018d05f-21d5-4555-b7f0-8fabfd22ca75")
        #expect(r.text(.issueDate) == "2023-09-27")          // `issued`, added when sealed
        #expect(r.text(.title) == "Digital micro-credential creation")
        #expect(r.list(.issuerCountry) == ["IE"])
        #expect(r.provenance.pointer == "/")
        #expect(r.locations["title"]?.pointer?.hasPrefix("/payload/credentialSubject/hasClaim") == true)
        #expect(r.rejectReason == .missingQualityAssurance)
    }

    @Test func ecCertificateOfParticipation() throws {
        let (_, records) = try readRecords(referenceSample("Sample-CertOfPart-unsigned.jsonld"))
        let r = try #require(records.first)
        #expect(r.text(.learnerId) == "97168A")
        #expect(r.text(.title) == "EDC Updates Webinar")
        #expect(r.list(.issuerCountry) == ["BE"])
        #expect(r.text(.issueDate) == "2023-06-28")
        #expect(r.text(.learnerCitizenship) == "IT")
        #expect(r.text(.learnerGender) == "F")
        #expect(r.text(.workloadHours) == nil)               // an activity's volume is ignored
        #expect(r.text(.participationForm) == nil)           // activity modes never decide
        #expect(r.rejectReason == .missingLearningOutcomes)
    }

    @Test func ebsiVCDM2Variant() throws {
        let (format, records) = try readRecords(referenceSample("Microcredential_Data_and_software_business.json"))
        #expect(format == .elmJSONLD)
        let r = try #require(records.first)
        #expect(r.text(.learnerId) == "did:key:afsdlkj34134")
        #expect(r.text(.title) == "Data and software business")
        #expect(r.list(.issuerCountry) == ["BE"])
        #expect(r.text(.awardingBodyId) == "987654321")      // urn:epass:org:1 → registration
        #expect(r.text(.issueDate) == "2024-03-26")
        #expect(r.list(.learningOutcomes).count == 3)
        #expect(r.text(.ects) == "5")
        #expect(r.text(.grade) == "Excellent (5)")
        #expect(r.rejectReason == .missingAssessmentType)
    }

    @Test func elmV2CertificateOfExcellence() throws {
        let (format, records) = try readRecords(referenceSample("Ildiko Mazar_Certificate of Excellence.xml"))
        #expect(format == .elmXML)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:credential:4449ae94-bad0-4591-a5d5-d1f97d237b8e")
        #expect(r.text(.title) == "Joint achievement")
        #expect(r.text(.awardingBodyId) == "FR214214")
        #expect(r.list(.issuerCountry) == ["FR"])
        #expect(r.text(.issueDate) == "2020-11-26")
        #expect(r.text(.ects) == "10")
        #expect(r.text(.workloadHours) == "105")
        #expect(r.text(.eqfLevel) == "4")
        #expect(r.text(.iscedF) == "0200")
        #expect(r.text(.participationForm) == "onsite")     // presential
        #expect(r.text(.learnerBirthYear) == "1985")
        #expect(r.rejectReason == .missingLearnerId)         // only a document-local subject id
    }

    @Test(arguments: ["EDC_SampleACT_AA.xml", "EDC_WileECoyote_Simple.xml"])
    func elmV2WithoutAnAchievement(_ name: String) throws {
        let (format, records) = try readRecords(referenceSample(name))
        #expect(format == .elmXML)
        #expect(records.count == 1)
        #expect(records[0].text(.credentialId)?.hasPrefix("urn:credential:") == true)
        #expect(records[0].text(.issueDate) == "2022-02-02")
        #expect(records[0].rejectReason == .missingTitle)
    }

    @Test func openBadgesWithEdubadgesExtension() throws {
        let (format, records) = try readRecords(referenceSample("uvh_at_microcredential_full_1.json"))
        #expect(format == .openBadges3)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "http://example.com/credentials/crd-A1B2C3")
        #expect(r.text(.learnerId) == "https://example.com/students/stu-7Z6X5W")
        #expect(r.text(.title) == "Microcredential Basisomzetting Kat naar Koffiezetapparaat")
        #expect(r.text(.awardingBodyId) == "https://example.com/issuers/iss-9Z8Y7X")
        #expect(r.list(.issuerCountry) == ["NL"])
        #expect(r.text(.issueDate) == "2024-08-30")
        #expect(r.list(.learningOutcomes) == ["Name of DigiComp Competence", "Name of DigiComp Competence 2"])
        #expect(r.text(.ects) == "3.0")
        #expect(r.text(.eqfLevel) == "4")
        #expect(r.text(.participationForm) == "blended")     // "onsite or blended"
        #expect(r.text(.assessmentType) == "other")          // "testing"
        #expect(r.text(.supervision) == "supervised-onsite-id")
        #expect(r.text(.qualityAssurance) == "external")
        #expect(r.text(.grade) == "8.5")
        #expect(r.text(.language) == "nl")
        #expect(r.rejectReason == nil)
        guard case .accepted(let credential, _, _) = testNormalizer.normalize(r) else { Issue.record("rejected"); return }
        #expect(credential.ects == 3)
        #expect(credential.assessmentKind == .other)
        #expect(credential.participationForm == .blended)
        #expect(credential.qualityAssurance == .external)
    }

    @Test func openBadgesWithoutIssuerAddress() throws {
        let (format, records) = try readRecords(referenceSample("open-badge-mc-example.json"))
        #expect(format == .openBadges3)
        let r = try #require(records.first)
        #expect(r.text(.title) == "Data Science Fundamentals")
        #expect(r.text(.ects) == "5")                        // creditsAvailable read as ECTS
        #expect(r.list(.learningOutcomes) == ["Develop test procedures", "Analyse test data"])
        #expect(r.text(.language) == "en")
        #expect(r.rejectReason == .missingIssuerCountry)
    }
}
