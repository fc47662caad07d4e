import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// Real files of the second hunt (issue 22) for values and messages (annex-i.md rules 25–27,
/// Fixtures/wild/SOURCES.md): each read or refused for the reason quoted beside it.
@Suite final class WildFixtureValueTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    func wild(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/wild/" + name, withExtension: nil)!.path
    }

    func rejection(_ record: RawRecord) -> ValidationIssue? {
        if case .rejected(let rejection, _) = testNormalizer.normalize(record) { return rejection.issue }
        return nil
    }

    /// An Open Badges 1.0 hosted assertion from Edubadges' tests: `"issuedOn": "2015-04-31"` (no
    /// 31 April) with `"badge": "http://a.com/badgeclass"` (a URL, which cannot be read offline)
    /// and no `id` (1.0 has only the local `"uid": "123abd"`). The date is present but impossible:
    /// bad_issue_date among the record's failures, never missing_issue_date (rule 26).
    @Test func edubadgesOpenBadges1ImpossibleDateIsBad() throws {
        let (format, records) = try readRecords(wild("edubadges-1_0_basic_instance_with_bad_date.json"))
        #expect(format == .openBadges2)
        let r = try #require(records.first)
        #expect(records.count == 1)
        #expect(r.text(.issueDate) == "2015-04-31")
        let issue = try #require(rejection(r))
        #expect(issue.code == .missingCredentialId)
        let also = issue.also ?? []
        #expect(also.contains(.badIssueDate))
        #expect(!also.contains(.missingIssueDate))
        #expect(also.contains(.missingTitle))
    }

    /// The Commission's 2020 ELM v2 credential (draft namespace, `xsdVersion="0.4.0"`): its
    /// qualification specification writes its mode as
    /// `<mode uri="http://data.europa.eu/europass/modeOfLearningAndAssessment/blended"/>`. The first
    /// achievement ("Java Programming") points at a specification without a mode, and the
    /// activities' `…/workbased` and `…/presential` modes never decide (rule 10): among its
    /// failures is missing_participation_form. Pointed at the qualification specification, the
    /// same file's URIs are read by their last segment: blended, and its `…/presential` onsite
    /// (rule 25).
    @Test func ecCredentialModesOfLearningAndAssessmentByTheirLastSegment() throws {
        let (format, records) = try readRecords(wild("ec-edci_credential-2020-draft.xml"))
        #expect(format == .elmXML)
        let r = try #require(records.first)
        #expect(r.text(.title) == "Java Programming")
        #expect(r.text(.participationForm) == nil)
        let issue = try #require(rejection(r))
        #expect(issue.code == .missingIssuerCountry)   // its `<wasAwardedBy>` is commented out
        #expect(issue.also?.contains(.missingParticipationForm) == true)

        let original = try String(contentsOfFile: wild("ec-edci_credential-2020-draft.xml"), encoding: .utf8)
        let pointed = original.replacingOccurrences(of: "<specifiedBy idref=\"urn:epass:learningspec:1\"/>",
                                                    with: "<specifiedBy idref=\"urn:epass:qualification:spec:1\"/>")
        #expect(pointed != original)
        let q = try directory.onlyRecord("pointed.xml", pointed)
        #expect(q.text(.participationForm) == "blended")
        #expect(q.text(.ects) == "120")
        // The file's own `…/presential` (on its activities) in the qualification's place: onsite,
        // where the last segment alone was a bad participation form.
        let presential = try directory.onlyRecord("presential.xml", pointed.replacingOccurrences(
            of: "modeOfLearningAndAssessment/blended", with: "modeOfLearningAndAssessment/presential"))
        #expect(presential.text(.participationForm) == "onsite")
    }

    /// The Commission's ELM learning-opportunity XML (`xsd/loq/loq.xml`, root `<Courses>` in the
    /// namespace `http://data.europa.eu/snb/model/ap/loq-constraints/`, holding
    /// `<learningOpportunityReferences>`): a description of learning on offer, named as such,
    /// not "root <Courses> holds no europassCredential element".
    @Test func ecLearningOpportunityXMLIsNamedAsSuch() throws {
        do {
            _ = try readRecords(wild("ec-loq-learning-opportunities.xml"))
            Issue.record("read as records")
        } catch let error as IngestError {
            guard case .unknownFormat(_, let seen) = error else { Issue.record("\(error)"); return }
            #expect(seen == "XML holding an ELM learning opportunity (<learningOpportunityReferences>, a description of learning on offer), not an award: it holds no europassCredential")
        }
    }
}
