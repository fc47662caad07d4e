import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

@Suite final class ELMXMLReaderTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    @Test func mapsACredentialWithReferencesAfterTheirUse() throws {
        let path = try directory.write("one.xml", ELMFixtures.v2Credential(id: "urn:credential:A"))
        let (format, records) = try readRecords(path)
        #expect(format == .elmXML)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:credential:A")
        #expect(r.text(.learnerId) == "STU-1")
        #expect(r.text(.title) == "Data literacy")             // English preferred
        #expect(r.text(.awardingBodyId) == "DE-HS-1")
        #expect(r.list(.issuerCountry) == ["DE"])
        #expect(r.text(.issueDate) == "2025-03-14")
        #expect(r.list(.learningOutcomes) == ["Reads data", "Explains charts"])   // only referenced outcomes
        #expect(r.text(.ects) == "5")
        #expect(r.text(.workloadHours) == "125")
        #expect(r.text(.eqfLevel) == "6")
        #expect(r.text(.participationForm) == "online")
        #expect(r.text(.assessmentType) == "written-exam")
        #expect(r.text(.supervision) == "supervised-online-id")  // assessment mode online
        #expect(r.text(.qualityAssurance) == "external")
        #expect(r.text(.iscedF) == "0688")                        // trailing space in the URI trimmed
        #expect(r.text(.language) == "de")
        #expect(r.text(.grade) == "1.7")
        #expect(r.rejectReason == nil)
    }

    @Test func referencesBeforeUseResolveTheSame() throws {
        let after = try readRecords(try directory.write("a.xml", ELMFixtures.v2Credential(id: "urn:credential:A")))
        let before = try readRecords(try directory.write("b.xml", ELMFixtures.v2Credential(id: "urn:credential:A", referencesFirst: true)))
        #expect(after.records[0].values == before.records[0].values)
    }

    @Test func aBatchResolvesIdsInsideEachCredential() throws {
        let credentials = (1...300).map { n in
            ELMFixtures.v2Credential(id: "urn:credential:\(n)", learner: "STU-\(n)", organisation: "ORG-\(n % 3)",
                                     country: ["DEU", "FRA", "IRL"][n % 3], referencesFirst: n % 2 == 0)
        }
        let path = try directory.write("batch.xml", ELMFixtures.v2Batch(credentials))
        let (format, records) = try readRecords(path)
        #expect(format == .elmXML)
        #expect(records.count == 300)
        for (index, record) in records.enumerated() {
            let n = index + 1
            #expect(record.text(.awardingBodyId) == "ORG-\(n % 3)")
            #expect(record.list(.issuerCountry) == [["DE", "FR", "IE"][n % 3]])
            #expect(record.text(.learnerId) == "STU-\(n)")
        }
        // Each credential's line is where its element starts.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        for record in records.prefix(5) {
            #expect(lines[record.provenance.line! - 1].contains("<europassCredential"))
        }
    }

    @Test func issuesPointAtTheElementLine() throws {
        let path = try directory.write("bad.xml", ELMFixtures.v2Credential(id: "urn:credential:A", eqf: "http://data.europa.eu/snb/eqf/9"))
        let (_, records) = try readRecords(path)
        guard case .rejected(let rejection, _) = testNormalizer.normalize(records[0]) else { Issue.record("accepted"); return }
        #expect(rejection.issue.code == .badEqfLevel)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[rejection.issue.line! - 1].contains("<eqfLevel"))
    }

    @Test func civilDateFollowsTheIssuerCountry() throws {
        let belgian = try readRecords(try directory.write("be.xml", ELMFixtures.v2Credential(id: "urn:credential:B", country: "BEL", issued: "2022-12-31T23:00:00Z")))
        let irish = try readRecords(try directory.write("ie.xml", ELMFixtures.v2Credential(id: "urn:credential:I", country: "IRL", issued: "2022-12-31T23:00:00Z")))
        #expect(belgian.records[0].text(.issueDate) == "2023-01-01")
        #expect(irish.records[0].text(.issueDate) == "2022-12-31")
    }

    @Test func unknownModeFallsBackToItsLabelAndIsRejected() throws {
        let path = try directory.write("mode.xml", ELMFixtures.v2Credential(id: "urn:credential:M", mode: "7813801c77"))
        let (_, records) = try readRecords(path)
        #expect(records[0].rejectReason == .badParticipationForm)
    }

    @Test func canonicalXMLTwin() throws {
        let xml = """
            <?xml version="1.0"?>
            <credentials>
              <credential>
                <credential_id>C-1</credential_id><learner_id>L-1</learner_id><title>Data literacy</title>
                <issuer_country>DE</issuer_country><issuer_country>FR</issuer_country>
                <awarding_body_id>HS-1</awarding_body_id><issue_date>2025-03-14</issue_date>
                <learning_outcomes>Reads data</learning_outcomes><learning_outcomes>Explains | charts</learning_outcomes>
                <ects>2.5</ects><assessment_type>project</assessment_type>
                <participation_form>online</participation_form><quality_assurance>internal</quality_assurance>
                <favourite>blue</favourite>
              </credential>
              <credential>
                <credential_id>C-2</credential_id>
              </credential>
            </credentials>
            """
        let path = try directory.write("canonical.xml", xml)
        var reader = try ReaderFactory.open(path: path)
        #expect(reader.format == .xml)
        let first = try #require(try reader.next())
        let second = try #require(try reader.next())
        #expect(try reader.next() == nil)
        #expect(reader.fileIssues.map(\.code) == [.unknownColumn])
        #expect(first.list(.issuerCountry) == ["DE", "FR"])
        #expect(first.list(.learningOutcomes) == ["Reads data", "Explains | charts"])   // a list is never split on |
        #expect(first.rejectReason == nil)
        #expect(first.provenance.line == 3)
        #expect(second.rejectReason == .missingTitle)
        #expect(second.provenance.line == 12)
    }
}
