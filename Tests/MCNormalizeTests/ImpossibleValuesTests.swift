import Foundation
import MCModel
import MCNormalize
import Testing

/// Values that cannot be true (annex-i.md rule 27) and values named as written (rule 26).
@Suite struct ImpossibleValuesTests {
    static let today = CalendarDate(iso: "2025-03-14")!
    static let rules = Normalizer(pseudonymizer: Pseudonymizer(secret: Data(repeating: 7, count: 32)), today: today)

    func outcome(_ change: [String: String], _ rules: Normalizer = ImpossibleValuesTests.rules) -> NormalizedRecord {
        rules.normalize(raw(change))
    }

    func rejected(_ change: [String: String], _ rules: Normalizer = ImpossibleValuesTests.rules) -> ValidationIssue? {
        if case .rejected(let rejection, _) = outcome(change, rules) { return rejection.issue }
        return nil
    }

    @Test(arguments: ["withdrawn", "suspended", "Expired"])
    func anUnknownStatusIsBadNeverIssued(_ status: String) throws {
        let issue = try #require(rejected(["status": status]))
        #expect(issue.code == .badStatus)
        #expect(issue.field == "status")
        #expect(issue.value == status)
        #expect(issue.message.contains("'\(status)'"))
    }

    @Test func badStatusIsTheLastValueCheck() throws {
        let issue = try #require(rejected(["status": "withdrawn", "quality_assurance": "accredited"]))
        #expect(issue.code == .badQualityAssurance)
        #expect(issue.also == [.badStatus])
    }

    @Test func issuedRevokedAndBlankAreKnown() {
        for status in ["issued", "REVOKED", ""] { #expect(rejected(["status": status]) == nil, "\(status)") }
    }

    @Test func anIssueDateAfterTheDayOfTheRunIsBad() throws {
        let issue = try #require(rejected(["issue_date": "2099-01-01"]))
        #expect(issue.code == .badIssueDate)
        #expect(issue.value == "2099-01-01")
        #expect(issue.message.contains("future"))
        // One day ahead is allowed for time zones; two is not.
        #expect(rejected(["issue_date": "2025-03-15"]) == nil)
        #expect(rejected(["issue_date": "2025-03-16"])?.code == .badIssueDate)
        // Without a fixed day, the clock's: 2099 is in the future for years to come.
        #expect(rejected(["issue_date": "2099-01-01"], normalizer)?.code == .badIssueDate)
    }

    @Test func aBirthYearThatCannotBeTrueIsDroppedWithAWarning() throws {
        for (year, kept) in [("2026", false), ("2025", true), ("1925", true), ("1924", false)] {
            guard case .accepted(let credential, _, let warnings) = outcome(["learner_birth_year": year]) else {
                Issue.record("\(year) rejected the record"); continue
            }
            #expect((credential.learnerBirthYear != nil) == kept, "\(year)")
            #expect(warnings.map(\.code) == (kept ? [] : [.unknownOptionalValue]), "\(year)")
            if !kept { #expect(warnings.first?.field == "learner_birth_year") }
        }
    }

    /// Under a profile's DD.MM.YYYY, an impossible date is named as written, with the profile's
    /// format in the message and the hint (rule 26), never re-written as YYYY-MM-DD.
    @Test func aProfilesDateIsNamedAsWritten() throws {
        let profile = CSVProfile(name: "at-test", dateFormat: "DD.MM.YYYY")
        let rules = ImpossibleValuesTests.rules.with(profile: profile)
        let issue = try #require(rejected(["issue_date": "31.02.2025"], rules))
        #expect(issue.code == .badIssueDate)
        #expect(issue.value == "31.02.2025")
        #expect(issue.message == "'31.02.2025' is not a real calendar date written DD.MM.YYYY")
        #expect(issue.hint?.contains("DD.MM.YYYY, e.g. 01.04.2025") == true)
        #expect(!(issue.message + (issue.hint ?? "")).contains("YYYY-MM-DD"))
        #expect(!(issue.message + (issue.hint ?? "")).contains("2025-02-31"))
        #expect(rejected(["issue_date": "14.03.2025"], rules) == nil)
        #expect(rejected(["issue_date": "16.03.2025"], rules)?.value == "16.03.2025")
    }
}
