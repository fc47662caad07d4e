import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// annex-i.md rule 25: several modes (the first that names a form wins), mode concepts outside
/// the EU list by their label, ELM v2 0.8 `…/modeOfLearningAndAssessment/…` URIs by their last
/// segment; in both ELM readers.
@Suite final class ModeReadingTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    static let euMode = "<mode uri=\"http://data.europa.eu/snb/learning-assessment/920fbb3cbe\"/>"

    /// The v2 fixture with its specification's one mode replaced by `modes`.
    func v2(_ modes: String) throws -> RawRecord {
        let xml = ELMFixtures.v2Credential(id: "urn:credential:M").replacingOccurrences(of: ModeReadingTests.euMode, with: modes)
        #expect(xml.contains(modes))
        return try directory.onlyRecord("modes.xml", xml)
    }

    static let v3Mode = "\"mode\": {\"id\": \"http://data.europa.eu/snb/learning-assessment/9191af2ed9\"}"

    /// The v3 fixture with its specification's one mode replaced by `modes` (a JSON array).
    func v3(_ modes: String) throws -> RawRecord {
        let json = ELMFixtures.v3Credential().replacingOccurrences(of: ModeReadingTests.v3Mode, with: "\"mode\": " + modes)
        #expect(json.contains(modes))
        return try directory.onlyRecord("modes.json", json)
    }

    /// `Project based` (an EU mode that is no form of participation), then `Presential`: onsite,
    /// at the second mode's place; the first mode no longer decides (it was bad_participation_form).
    @Test func theFirstModeThatNamesAFormWins() throws {
        let xml = try v2("""
            <mode uri="http://data.europa.eu/snb/learning-assessment/7813801c77"><targetName><text lang="en">Project based</text></targetName></mode>
            <mode uri="http://data.europa.eu/snb/learning-assessment/9191af2ed9"><targetName><text lang="en">Presential</text></targetName></mode>
            """)
        #expect(xml.text(.participationForm) == "onsite")
        #expect(xml.rejectReason == nil)
        let json = try v3("""
            [{"id": "http://data.europa.eu/snb/learning-assessment/7813801c77", "prefLabel": {"en": "Project based"}},
             {"id": "http://data.europa.eu/snb/learning-assessment/9191af2ed9", "prefLabel": {"en": "Presential"}}]
            """)
        #expect(json.text(.participationForm) == "onsite")
        #expect(json.location(of: .participationForm)?.pointer == "/credentialSubject/hasClaim/specifiedBy/mode/1")
        #expect(json.rejectReason == nil)
    }

    /// A local concept labelled `Hybrid` is blended, one labelled `Presential` onsite (the EU
    /// concept's own label); `Project based` alone names no form and stays a bad value as written.
    @Test func aModeOutsideTheEUListIsMappedByItsLabel() throws {
        let hybrid = try v3(#"[{"id": "urn:epass:concept:mode-h", "prefLabel": {"en": "Hybrid"}}]"#)
        #expect(hybrid.text(.participationForm) == "blended")
        let presential = try v2(#"<mode uri="urn:epass:concept:m1"><targetName><text lang="en">Presential</text></targetName></mode>"#)
        #expect(presential.text(.participationForm) == "onsite")
        #expect(presential.rejectReason == nil)
        let projectOnly = try v3(#"[{"id": "http://data.europa.eu/snb/learning-assessment/7813801c77", "prefLabel": {"en": "Project based"}}]"#)
        #expect(projectOnly.text(.participationForm) == "Project based")
        #expect(projectOnly.rejectReason == .badParticipationForm)
    }

    /// ELM v2 0.8 wrote modes as `http://data.europa.eu/europass/modeOfLearningAndAssessment/<name>`:
    /// read by the last segment (`blended`, `faceToFace`).
    @Test func elmV2Point8ModeURIsByTheirLastSegment() throws {
        let blended = try v2(#"<mode uri="http://data.europa.eu/europass/modeOfLearningAndAssessment/blended"/>"#)
        #expect(blended.text(.participationForm) == "blended")
        let faceToFace = try v2(#"<mode uri="http://data.europa.eu/europass/modeOfLearningAndAssessment/faceToFace"/>"#)
        #expect(faceToFace.text(.participationForm) == "onsite")
        let unknown = try v2(#"<mode uri="http://data.europa.eu/europass/modeOfLearningAndAssessment/selfStudy"/>"#)
        #expect(unknown.text(.participationForm) == "selfStudy")
        #expect(unknown.rejectReason == .badParticipationForm)
    }

    /// The label lookup: the step-4 vocabulary in any case, and the EU concepts' labels, never
    /// a form for a label that names none.
    @Test func modeLabels() {
        #expect(ParticipationForm.named(byModeLabel: " HYBRID ") == .blended)
        #expect(ParticipationForm.named(byModeLabel: "Presential") == .onsite)
        #expect(ParticipationForm.named(byModeLabel: "Workbased") == .workBased)
        #expect(ParticipationForm.named(byModeLabel: "in-person") == .onsite)
        #expect(ParticipationForm.named(byModeLabel: "Project based") == nil)
        #expect(ParticipationForm.named(byModeLabel: "Research-Lab based") == nil)
    }
}
