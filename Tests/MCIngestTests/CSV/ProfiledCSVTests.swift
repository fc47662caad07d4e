import Foundation
import MCIngest
import MCModel
import MCNormalize
import MCTestSupport
import Testing

@Suite final class ProfiledCSVTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    let profile = CSVProfile(name: "at", delimiter: ";", encoding: .windows1252, decimalMark: ",", dateFormat: "DD.MM.YYYY",
                             columns: ["credential_id": "Nummer", "learner_id": "Matrikel", "title": "Titel", "issuer_country": "Land",
                                       "awarding_body_id": "Hochschule", "issue_date": "Datum", "learning_outcomes": "Lernergebnisse",
                                       "ects": "ECTS", "assessment_type": "Prüfung", "participation_form": "Teilnahme",
                                       "quality_assurance": "QS"],
                             vocabulary: ["participation_form": ["Präsenz": "onsite", "Fernlehre": "online"],
                                          "quality_assurance": ["intern": "internal"]])

    func export() throws -> String {
        let text = "Nummer;Matrikel;Titel;Land;Hochschule;Datum;Lernergebnisse;ECTS;Prüfung;Teilnahme;QS\r\n"
            + "A-1;M-1;Übungen für Fortgeschrittene;AT;FHD;31.12.2024;Löst Aufgaben|Erklärt;2,5;Klausur;Präsenz;intern\r\n"
            + "A-2;M-2;Kurs;AT;FHD;31.02.2025;x;5;Klausur;FERNLEHRE;intern\r\n"
            + "A-3;M-3;Kurs;AT;FHD;01.03.2025;x;5;Klausur;Fernstudium;intern\r\n"
        return try directory.write("at.csv", Data(text.data(using: .windowsCP1252)!))
    }

    @Test func readsColumnsDelimiterAndEncodingOfTheProfile() throws {
        var reader = try CSVReader(path: try export(), profile: profile)
        let first = try #require(try reader.next())
        #expect(first[.title] == .text("Übungen für Fortgeschrittene"))
        #expect(first[.credentialId] == .text("A-1"))
        #expect(first.damage == nil)
        #expect(reader.fileIssues.isEmpty)
    }

    @Test func normalizesDatesDecimalsAndVocabularyOfTheProfile() throws {
        var reader = try CSVReader(path: try export(), profile: profile)
        let normalizer = Normalizer(pseudonymizer: .ephemeral(), profile: profile)
        var outcomes: [NormalizedRecord] = []
        while let raw = try reader.next() { outcomes.append(normalizer.normalize(raw)) }
        guard case .accepted(let credential, _, _) = outcomes[0] else { Issue.record("rejected"); return }
        #expect(credential.issueDate.description == "2024-12-31")
        #expect(credential.ects == Decimal(string: "2.5"))
        #expect(credential.participationForm == .onsite)
        #expect(credential.qualityAssurance == .internal)
        #expect(credential.learningOutcomes == ["Löst Aufgaben", "Erklärt"])
        guard case .rejected(let second, _) = outcomes[1], case .rejected(let third, _) = outcomes[2] else { Issue.record("accepted"); return }
        #expect(second.issue.code == .badIssueDate)            // 31.02. does not exist
        #expect(third.issue.code == .badParticipationForm)     // not in the profile's vocabulary
    }

    @Test func withoutTheProfileTheExportIsNotRecognised() throws {
        let path = try export()
        do {
            _ = try readRecords(path)
            Issue.record("read without a profile")
        } catch let error as IngestError {
            #expect(error.description.contains("--profile"))
        }
    }

    @Test func profileProblemsAreNamed() {
        #expect(CSVProfile(name: "x", delimiter: ";;").problem != nil)
        #expect(CSVProfile(name: "x", columns: ["colour": "Farbe"]).problem?.contains("colour") == true)
        #expect(CSVProfile(name: "x", dateFormat: "MM/YYYY").problem != nil)
        #expect(profile.problem == nil)
        #expect(profile.isoDate("05.03.2025") == "2025-03-05")
        #expect(profile.isoDate("5.3.2025") == nil)
    }
}
