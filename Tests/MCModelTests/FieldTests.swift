import MCModel
import Testing

@Suite struct FieldTests {
    @Test func eighteenNormalizationCodesInCheckOrder() {
        #expect(ReasonCode.normalization.count == 19)
        #expect(ReasonCode.normalization.first == .missingCredentialId)
        #expect(ReasonCode.normalization.last == .badStatus)
    }

    @Test func fieldsNameTheirAnnexElement() {
        #expect(Field.issueDate.element.rawValue == "Date of issuing")
        #expect(Field.ects.element == Field.workloadHours.element)
        #expect(Field.learnerId.element == .learner)
        #expect(Field.credentialId.element == .statistical)
    }

    @Test func issueNeverEchoesALearnerId() {
        let issue = ValidationIssue(record: 1, line: 2, field: .learnerId, code: .missingLearnerId, severity: .error,
                          value: "STU-000001", message: "m")
        #expect(issue.value == nil)
    }

    @Test func trimsOnlyASCIIWhitespace() {
        #expect(" \t a b \r\n".trimmingASCIIWhitespace() == "a b")
        #expect("\u{00A0}x\u{00A0}".trimmingASCIIWhitespace() == "\u{00A0}x\u{00A0}")
        #expect("   ".trimmingASCIIWhitespace() == "")
    }
}

@Suite struct FieldOrdinalTests {
    @Test func ordinalIsThePositionInAllCases() {
        for (index, field) in Field.allCases.enumerated() { #expect(field.ordinal == index) }
    }
}
