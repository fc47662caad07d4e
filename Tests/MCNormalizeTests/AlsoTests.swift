import Foundation
import MCModel
import MCNormalize
import Testing

/// A rejected record keeps one reason, the first in rule order, and names every other rule it
/// fails in `also` (issue 9), so that an institution fixes everything in one submission.
@Suite struct AlsoTests {
    func issue(_ change: [String: String]) throws -> ValidationIssue {
        guard case .rejected(let rejection, _) = normalizer.normalize(raw(change)) else {
            throw NormalizeTestFailure.rejected
        }
        return rejection.issue
    }

    @Test func namesEveryOtherFailedRuleInRuleOrder() throws {
        let found = try issue(["eqf_level": "EQF 6", "learning_outcomes": "", "ects": "2.5 ECTS",
                               "quality_assurance": "accredited", "learner_id": "SECRET-1"])
        #expect(found.code == .missingLearningOutcomes)
        #expect(found.also == [.badEcts, .badEqfLevel, .badQualityAssurance])
        #expect(found.field == "learning_outcomes")
    }

    @Test func everyRuleFailedAtOnce() throws {
        var change: [String: String] = [:]
        for field in ["credential_id", "title", "learner_id", "issuer_country", "awarding_body_id", "issue_date",
                      "learning_outcomes", "ects", "workload_hours", "assessment_type", "participation_form",
                      "quality_assurance"] { change[field] = "" }
        change["eqf_level"] = "9"
        let found = try issue(change)
        #expect(found.code == .missingCredentialId)
        #expect(found.also == Array(ReasonCode.normalization[1...10]) + [.badEqfLevel])
    }

    @Test(arguments: rulePairs)
    func aPairNamesTheLaterRule(_ pair: RulePair) throws {
        let found = try issue(pair.change)
        #expect(found.code == pair.first)
        #expect(found.also == [pair.second])
    }

    @Test func aSingleFailureHasNoAlsoAndWritesNoKey() throws {
        let found = try issue(["issue_date": "2025-02-30"])
        #expect(found.also == nil)
        let json = String(decoding: try JSONEncoder().encode(found), as: UTF8.self)
        #expect(!json.contains("\"also\""))
    }

    @Test func alsoIsWrittenAsAnArrayOfCodes() throws {
        let found = try issue(["title": "", "issuer_country": "Germany"])
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(found)) as? [String: Any])
        #expect(object["code"] as? String == "missing_title")
        #expect(object["also"] as? [String] == ["bad_issuer_country"])
        #expect(try JSONDecoder().decode(ValidationIssue.self, from: JSONEncoder().encode(found)) == found)
    }
}
