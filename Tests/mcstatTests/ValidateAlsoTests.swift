import Foundation
import MCTestSupport
import Testing

/// `validate` names every rule a rejected record fails: `also` in JSON, a second line in text.
@Suite struct ValidateAlsoTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func export() throws -> String {
        try directory.write("export.csv", CanonicalCSV.file([
            [:],
            ["credential_id": "C-2", "learning_outcomes": "", "ects": "2.5 ECTS", "eqf_level": "EQF 6",
             "learner_id": "SECRET-LEARNER"],
            ["credential_id": "C-3", "issue_date": "2025-02-30"],
        ]))
    }

    @Test func jsonListsTheOtherRulesAfterTheOneReason() throws {
        let result = try MCStatProcess.run(["validate", "--format", "json", try export()], in: directory)
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["rejected"] as? Int == 2)
        let issues = try #require(file["issues"] as? [[String: Any]])
        let several = try #require(issues.first { $0["record"] as? Int == 2 })
        #expect(several["code"] as? String == "missing_learning_outcomes")
        #expect(several["also"] as? [String] == ["bad_ects", "bad_eqf_level"])
        let single = try #require(issues.first { $0["record"] as? Int == 3 })
        #expect(single["code"] as? String == "bad_issue_date")
        #expect(!single.keys.contains("also"))
        #expect(!result.stdout.contains("SECRET-LEARNER"))
    }

    @Test func textPrintsASecondLine() throws {
        let result = try MCStatProcess.run(["validate", try export()], in: directory)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.contains("record 2") && $0.contains("missing_learning_outcomes") })
        #expect(lines[index + 1] == "      also: bad_ects, bad_eqf_level")
        #expect(lines.filter { $0.contains("also:") }.count == 1)
    }
}
