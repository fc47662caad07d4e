import Foundation
import MCModel
import MCStore
import Testing

/// A credential row's content hash tells an unchanged re-sent record from a correction in every
/// store already filled, so the bytes it covers never change: each column's text (learning
/// outcomes as a JSON array, countries `|`-joined, the date as `YYYY-MM-DD`, numbers in decimal)
/// ended by 0x1F, an absent value as 0x1E alone. The expected hashes were computed outside Swift
/// (Python's hashlib over those bytes), so a row builder that writes one byte differently fails.
@Suite struct CredentialRowTests {
    /// Every column filled, with what needs care: escapes and control characters in outcomes,
    /// text beyond ASCII, a joint award, a year below 1000, an empty prerequisite, a revoked status.
    static let full = Credential(
        credentialId: "MC-2024-000042", awardingBodyId: "HEI-07", learnerKey: "k9f3", title: "Éducation – données 🎓",
        issuerCountries: ["DE", "AT"], awardingBodyName: "Hochschule Süd", issueDate: CalendarDate(year: 999, month: 1, day: 5)!,
        learningOutcomes: ["Says \"hi\"", "back\\slash", "line\nbreak\ttab\rend", "bell\u{07} and \u{1F}", "ünïcödé 🎓"],
        ects: Decimal(string: "7.5", locale: Locale(identifier: "en_US_POSIX")), workloadHours: 125, eqfLevel: 6, qfEheaCycle: .second,
        assessmentType: "project", assessmentKind: .project, participationForm: .blended, qualityAssurance: .internal,
        prerequisites: "", supervision: .supervisedOnsiteId, grade: "1,3", stackability: .stackable, stackableTowards: "MC-2025-001",
        furtherInfo: "https://hs.example/mc/42", learnerBirthYear: 1987, learnerGender: .female, learnerCitizenship: "PL",
        iscedF: "0613", language: "en", status: .revoked)

    /// The optional columns absent, a workload of zero hours.
    static let sparse = Credential(
        credentialId: "C-1", awardingBodyId: "HS-1", learnerKey: "k1", title: "Data literacy", issuerCountries: ["DE"],
        issueDate: CalendarDate(iso: "2025-03-14")!, learningOutcomes: ["Reads data"], workloadHours: 0,
        assessmentType: "written-exam", assessmentKind: .writtenExam, participationForm: .online, qualityAssurance: .internal)

    @Test func contentHashCoversTheStoredBytes() {
        #expect(CredentialRow(Self.full).hash == "864a04554a53fdd54f7649be45cdb0150bb6e63527df2db475121f798e5a0b07")
        #expect(CredentialRow(Self.sparse).hash == "b5f9b74a620d419e14bcc2a6d676f3a8624e53a6fd3b9edd306fcb496e39202b")
    }

    @Test func recordKeysAreNotHashed() {
        let keys = RecordKeys(credential: 1, learner: 2)
        #expect(CredentialRow(Self.full, recordKeys: keys).hash == CredentialRow(Self.full).hash)
    }

    @Test func keyIsTheCredentialsOwn() {
        let row = CredentialRow(Self.full)
        #expect(row.awardingBodyId == "HEI-07" && row.credentialId == "MC-2024-000042")
    }
}
