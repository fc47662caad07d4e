import MCModel
import MCNormalize
import Testing

/// The 19 rules of canonical-csv.md, each with the smallest change to the valid base record that
/// fails it and nothing else.
let ruleBreakers: [(ReasonCode, [String: String])] = [
    (.missingCredentialId, ["credential_id": ""]),
    (.missingTitle, ["title": ""]),
    (.missingLearnerId, ["learner_id": ""]),
    (.missingIssuerCountry, ["issuer_country": ""]),
    (.missingAwardingBodyId, ["awarding_body_id": ""]),
    (.missingIssueDate, ["issue_date": ""]),
    (.missingLearningOutcomes, ["learning_outcomes": ""]),
    (.missingEctsAndWorkloadHours, ["ects": "", "workload_hours": ""]),
    (.missingAssessmentType, ["assessment_type": ""]),
    (.missingParticipationForm, ["participation_form": ""]),
    (.missingQualityAssurance, ["quality_assurance": ""]),
    (.badIssuerCountry, ["issuer_country": "XX"]),
    (.badIssueDate, ["issue_date": "2025-02-30"]),
    (.badEcts, ["ects": "five"]),
    (.badWorkloadHours, ["workload_hours": "40h"]),
    (.badEqfLevel, ["eqf_level": "9"]),
    (.badParticipationForm, ["participation_form": "correspondence"]),
    (.badQualityAssurance, ["quality_assurance": "accredited"]),
    (.badStatus, ["status": "withdrawn"]),
]

/// Every pair (i, j), i before j in rule order, whose breakers touch different fields (a value
/// cannot be both missing and bad): 165 of the 171 pairs.
let rulePairs: [RulePair] = ruleBreakers.indices.flatMap { i in
    ruleBreakers.indices.filter { $0 > i }.compactMap { j in
        let (first, a) = ruleBreakers[i], (second, b) = ruleBreakers[j]
        guard Set(a.keys).isDisjoint(with: b.keys) else { return nil }
        return RulePair(first: first, second: second, change: a.merging(b) { x, _ in x })
    }
}

struct RulePair: Sendable, CustomTestStringConvertible {
    var first: ReasonCode
    var second: ReasonCode
    var change: [String: String]
    var testDescription: String { "\(first.rawValue) before \(second.rawValue)" }
}

@Suite struct RuleOrderTests {
    @Test func breakersFollowTheRuleOrderAndCoverAllNineteen() {
        #expect(ruleBreakers.map(\.0) == ReasonCode.normalization)
        #expect(rulePairs.count == 165)
    }

    @Test(arguments: ruleBreakers.map(\.1))
    func eachBreakerFailsOneRuleOnly(_ change: [String: String]) {
        let expected = ruleBreakers.first { $0.1 == change }!.0
        #expect(rejection(change) == expected)
    }

    /// A record failing rule i and rule j (i < j) is rejected for rule i: swapping any two checks
    /// turns this red.
    @Test(arguments: rulePairs)
    func theEarlierRuleWins(_ pair: RulePair) {
        #expect(rejection(pair.change) == pair.first)
    }
}
