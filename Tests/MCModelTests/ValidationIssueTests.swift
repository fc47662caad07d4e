import MCModel
import Testing

/// An issue repeats the one offending value, never more: a value that spans lines or runs long
/// (a stray quote swallows the rows after it, learner ids included) is described by its shape.
@Suite struct ValidationIssueTests {
    @Test func aValueOverSeveralLinesIsDescribedNotRepeated() {
        let swallowed = "5\nC-2,SECRET-LEARNER-7,Anna Planted,1990\nC-3"
        let issue = ValidationIssue(record: 1, line: 2, field: .ects, code: .badEcts, severity: .error, value: swallowed,
                                    message: "'\(swallowed)' is not a number of ECTS credits", hint: "write a number")
        #expect(issue.value == "(a value of \(swallowed.utf8.count) bytes over 3 lines, not shown)")
        #expect(!issue.message.contains("SECRET-LEARNER-7") && !(issue.value ?? "").contains("SECRET"))
        #expect(issue.message.hasPrefix("'(a value of "))
    }

    @Test func aLongValueIsDescribedAndAShortOneShown() {
        let long = String(repeating: "x", count: ValidationIssue.longestShownValue + 1)
        let hidden = ValidationIssue(record: 1, line: 2, field: .eqfLevel, code: .badEqfLevel, severity: .error, value: long,
                                     message: "'\(long)' is not an EQF level")
        #expect(hidden.value == "(a value of 201 bytes, not shown)" && !hidden.message.contains(long))
        let shown = ValidationIssue(record: 1, line: 2, field: .eqfLevel, code: .badEqfLevel, severity: .error, value: "12",
                                    message: "'12' is not an EQF level")
        #expect(shown.value == "12" && shown.message == "'12' is not an EQF level")
        let learner = ValidationIssue(record: 1, line: 2, field: .learnerId, code: .missingLearnerId, severity: .error,
                                      value: "L-1\nL-2", message: "no learner id")
        #expect(learner.value == nil)
    }
}
