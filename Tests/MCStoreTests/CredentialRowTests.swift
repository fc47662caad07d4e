import Foundation
import MCModel
import MCStore
import MCTestSupport
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

    /// ECTS are written as `Decimal.description` writes them, without calling it: every
    /// significand below 2,000 at exponents -8...4, either sign, long significands, and values as
    /// the normalizer and `Decimal(string:)` make them.
    @Test func ectsAreWrittenAsTheirDescription() {
        var values: [Decimal] = []
        for significand in 0..<2000 {
            for exponent in -8...4 {
                values.append(Decimal(sign: .plus, exponent: exponent, significand: Decimal(significand)))
                values.append(Decimal(sign: .minus, exponent: exponent, significand: Decimal(significand)))
            }
        }
        var generator = SplitMix(seed: 7)
        for _ in 0..<20_000 {
            values.append(Decimal(sign: .plus, exponent: Int.random(in: -20...20, using: &generator),
                                  significand: Decimal(UInt64.random(in: 0...UInt64.max, using: &generator))))
        }
        let posix = Locale(identifier: "en_US_POSIX")
        for text in ["7.5", "0.25", "30", "1e3", "12345678901234567890123", "0.000000000000000000001", "-0", "5.0", "05.50"] {
            values.append(Decimal(string: text, locale: posix)!)
        }
        var mismatches: [String] = []
        for value in values {
            var credential = Self.sparse
            credential.ects = value
            var written: String?
            var column = 0
            CredentialRow(credential).forEachValue { cell in
                if column == 9, case .text(let bytes) = cell { written = String(decoding: bytes, as: UTF8.self) }
                column += 1
            }
            if written != value.description { mismatches.append("\(value.description) written as \(written ?? "nil")") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func keyIsTheCredentialsOwn() {
        let row = CredentialRow(Self.full)
        #expect(row.awardingBodyId == "HEI-07" && row.credentialId == "MC-2024-000042")
    }
}
