import Foundation
import MCModel
import MCNormalize
import MCTestSupport
import Testing

let normalizer = Normalizer(pseudonymizer: Pseudonymizer(secret: Data(repeating: 7, count: 32)))

/// The canonical base record with `overrides`, as a CSV reader would hand it over.
func raw(_ overrides: [String: String] = [:]) -> RawRecord {
    var values: [String: RawValue] = [:]
    for column in CanonicalCSV.header { values[column] = .text(overrides[column] ?? CanonicalCSV.base[column]!) }
    return RawRecord(provenance: Provenance(file: "t.csv", record: 4, line: 9), values: values)
}

func rejection(_ overrides: [String: String]) -> ReasonCode? {
    if case .rejected(let rejection, _) = normalizer.normalize(raw(overrides)) { return rejection.issue.code }
    return nil
}

func accepted(_ overrides: [String: String] = [:]) throws -> (Credential, [ValidationIssue]) {
    guard case .accepted(let credential, _, let warnings) = normalizer.normalize(raw(overrides)) else {
        throw NormalizeTestFailure.rejected
    }
    return (credential, warnings)
}

enum NormalizeTestFailure: Error { case rejected }

@Suite struct NormalizerTests {
    /// The normalizer keeps a record's values in inline storage of 32 slots, one per field.
    @Test func everyFieldHasAnInlineSlot() {
        #expect(Field.allCases.count <= 32)
        #expect(Field.allCases.map(\.ordinal) == Array(0..<Field.allCases.count))
    }

    /// `Vocabulary.lookup` tries the value as written before its lower-case form: right only while
    /// every key is lower case.
    @Test func everyVocabularyKeyIsLowerCase() {
        let keys = Array(Vocabulary.participationForm.keys) + Array(Vocabulary.qualityAssurance.keys)
            + Array(Vocabulary.qfEheaCycle.keys) + Array(Vocabulary.supervision.keys) + Array(Vocabulary.stackability.keys)
            + Array(Vocabulary.status.keys) + Array(Vocabulary.assessment.keys)
        #expect(!keys.isEmpty)
        #expect(keys.filter { $0 != $0.lowercased() } == [])
        #expect(Vocabulary.lookup(Vocabulary.participationForm, "ONLINE") == Vocabulary.lookup(Vocabulary.participationForm, "online"))
    }

    @Test func acceptsTheBaseRecord() throws {
        let (c, warnings) = try accepted()
        #expect(warnings.isEmpty)
        #expect(c.credentialId == "C-1")
        #expect(c.issuerCountries == ["DE"])
        #expect(c.issueDate.description == "2025-03-14")
        #expect(c.learningOutcomes == ["Reads data", "Explains charts"])
        #expect(c.ects == 5)
        #expect(c.eqfLevel == 6)
        #expect(c.participationForm == .online)
        #expect(c.qualityAssurance == .internal)
        #expect(c.supervision == .unsupervisedNoId)
        #expect(c.assessmentKind == .writtenExam)
        #expect(c.iscedF == "0688")
        #expect(c.status == .issued)
        #expect(c.learnerKey.count == 64)
        #expect(c.learnerKey != "L-1")
    }

    /// Every reason code, from one change to a valid record.
    @Test(arguments: [
        (["credential_id": ""], ReasonCode.missingCredentialId),
        (["title": " \t "], .missingTitle),
        (["learner_id": ""], .missingLearnerId),
        (["issuer_country": " | "], .missingIssuerCountry),
        (["awarding_body_id": ""], .missingAwardingBodyId),
        (["issue_date": ""], .missingIssueDate),
        (["learning_outcomes": "|| "], .missingLearningOutcomes),
        (["ects": "", "workload_hours": " "], .missingEctsAndWorkloadHours),
        (["assessment_type": ""], .missingAssessmentType),
        (["participation_form": ""], .missingParticipationForm),
        (["quality_assurance": ""], .missingQualityAssurance),
        (["issuer_country": "Germany"], .badIssuerCountry),
        (["issuer_country": "DE|D"], .badIssuerCountry),
        (["issuer_country": "DEU"], .badIssuerCountry),
        (["issue_date": "2025-02-30"], .badIssueDate),
        (["issue_date": "2025-4-1"], .badIssueDate),
        (["issue_date": "01.04.2025"], .badIssueDate),
        (["ects": "2.5 ECTS"], .badEcts),
        (["ects": "ca. 3"], .badEcts),
        (["ects": "3-4"], .badEcts),
        (["ects": "1.000,5"], .badEcts),
        (["ects": "five"], .badEcts),
        (["ects": "-1"], .badEcts),
        (["workload_hours": "40h"], .badWorkloadHours),
        (["workload_hours": "12.5"], .badWorkloadHours),
        (["eqf_level": "9"], .badEqfLevel),
        (["eqf_level": "0"], .badEqfLevel),
        (["eqf_level": "EQF 6"], .badEqfLevel),
        (["participation_form": "correspondence"], .badParticipationForm),
        (["quality_assurance": "accredited"], .badQualityAssurance),
    ] as [([String: String], ReasonCode)])
    func rejectsWithTheRightReason(_ change: [String: String], _ expected: ReasonCode) {
        #expect(rejection(change) == expected)
    }

    @Test func coversAllNineteenCodes() {
        let blanks = ["credential_id", "title", "learner_id", "issuer_country", "awarding_body_id", "issue_date",
                      "learning_outcomes", "assessment_type", "participation_form", "quality_assurance"]
        var produced = Set(blanks.compactMap { rejection([$0: ""]) })
        let changes: [[String: String]] = [
            ["ects": "", "workload_hours": ""], ["issuer_country": "XX"], ["issue_date": "x"], ["ects": "x"],
            ["workload_hours": "x"], ["eqf_level": "x"], ["participation_form": "x"], ["quality_assurance": "x"],
            ["status": "x"],
        ]
        produced.formUnion(changes.compactMap { rejection($0) })
        #expect(produced == Set(ReasonCode.normalization))
    }

    @Test func firstFailureWinsInRuleOrder() {
        #expect(rejection(["title": "", "credential_id": ""]) == .missingCredentialId)
        #expect(rejection(["quality_assurance": "", "issue_date": "bad"]) == .missingQualityAssurance)
        #expect(rejection(["issuer_country": "XX", "issue_date": "bad"]) == .badIssuerCountry)
        #expect(rejection(["ects": "x", "eqf_level": "x"]) == .badEcts)
        #expect(rejection(["participation_form": "x", "quality_assurance": "x"]) == .badParticipationForm)
    }

    @Test func rejectionCarriesPlaceElementAndHintButNoLearnerId() throws {
        guard case .rejected(let r, _) = normalizer.normalize(raw(["issue_date": "2025-02-30"])) else {
            Issue.record("not rejected"); return
        }
        #expect(r.issue.record == 4)
        #expect(r.issue.line == 9)
        #expect(r.issue.field == "issue_date")
        #expect(r.issue.element == "Date of issuing")
        #expect(r.issue.value == "2025-02-30")
        #expect(r.issue.hint?.isEmpty == false)
        #expect(r.values["learner_id"] == .text(normalizer.pseudonymizer.key(for: "L-1")))
        #expect(!r.values.values.contains(.text("L-1")))
    }

    @Test func trimsValuesAndAcceptsAliasesAndCommaDecimals() throws {
        let (c, _) = try accepted(["title": "  Data  ", "issuer_country": " el | uk |EL", "ects": "2,5",
                                   "learning_outcomes": " a | | b ", "workload_hours": "040"])
        #expect(c.title == "Data")
        #expect(c.issuerCountries == ["GR", "GB"])
        #expect(c.ects == Decimal(string: "2.5"))
        #expect(c.learningOutcomes == ["a", "b"])
        #expect(c.workloadHours == 40)
    }

    @Test func workloadHoursAloneIsEnough() throws {
        let (c, _) = try accepted(["ects": "", "workload_hours": "125"])
        #expect(c.ects == nil)
        #expect(c.workloadHours == 125)
    }

    @Test(arguments: [
        ("online", ParticipationForm.online), ("On-Line", .online), ("on line", .online), ("distance", .online),
        ("Distance Learning", .online), ("e-learning", .online), ("elearning", .online), ("remote", .online),
        ("onsite", .onsite), ("on-site", .onsite), ("on site", .onsite), ("face-to-face", .onsite),
        ("face to face", .onsite), ("in person", .onsite), ("in-person", .onsite), ("Classroom", .onsite),
        ("blended", .blended), ("blended learning", .blended), ("HYBRID", .blended),
        ("volunteering", .volunteering), ("volunteer", .volunteering),
        ("work-based", .workBased), ("work based", .workBased), ("work-based learning", .workBased),
        ("workplace", .workBased),
    ])
    func mapsParticipationForms(_ input: String, _ expected: ParticipationForm) throws {
        #expect(try accepted(["participation_form": input]).0.participationForm == expected)
    }

    @Test(arguments: [
        ("internal", QualityAssurance.internal), ("External", .external), ("internal+external", .internalAndExternal),
        ("internal + external", .internalAndExternal), ("internal & external", .internalAndExternal),
        ("Internal and External", .internalAndExternal), ("both", .internalAndExternal),
    ])
    func mapsQualityAssurance(_ input: String, _ expected: QualityAssurance) throws {
        #expect(try accepted(["quality_assurance": input]).0.qualityAssurance == expected)
    }

    @Test(arguments: [
        ("none", Supervision.unsupervisedNoId), ("unsupervised", .unsupervisedNoId), ("supervised", .supervisedNoId),
        ("supervised-online-id", .supervisedOnlineId), ("Online Proctoring", .supervisedOnlineId),
        ("onsite-id", .supervisedOnsiteId), ("supervised-onsite-id", .supervisedOnsiteId),
        ("unsupervised-id", .unsupervisedId),
    ])
    func mapsSupervision(_ input: String, _ expected: Supervision) throws {
        #expect(try accepted(["supervision": input]).0.supervision == expected)
    }

    @Test func keepsUnknownAssessmentsAsOther() throws {
        let (c, _) = try accepted(["assessment_type": "Case study defence"])
        #expect(c.assessmentKind == .other)
        #expect(c.assessmentType == "Case study defence")
        #expect(try accepted(["assessment_type": "Peer Assessment"]).0.assessmentKind == .peerAssessment)
    }

    @Test func unknownOptionalValuesWarnAndAreDropped() throws {
        let (c, warnings) = try accepted(["supervision": "proctored", "stackability": "maybe", "learner_gender": "female",
                                          "isced_f": "ICT", "learner_birth_year": "85", "qf_ehea_cycle": "fourth",
                                          "learner_citizenship": "Deutsch", "language": "english"])
        #expect(c.supervision == nil)
        #expect(c.stackability == nil)
        #expect(c.learnerGender == nil)
        #expect(c.iscedF == nil)
        #expect(c.learnerBirthYear == nil)
        #expect(c.status == .issued)
        #expect(warnings.count == 8)
        #expect(warnings.allSatisfy { $0.code == .unknownOptionalValue && $0.severity == .warning })
    }

    @Test func revokedIsKept() throws {
        #expect(try accepted(["status": "Revoked"]).0.status == .revoked)
    }

    @Test func damagedRecordsAreRejectedWithTheReadersIssue() {
        var record = raw()
        record.damage = ValidationIssue(record: nil, line: 9, field: nil, code: .malformedRow, severity: .error, message: "cells")
        guard case .rejected(let r, _) = normalizer.normalize(record) else { Issue.record("accepted"); return }
        #expect(r.issue.code == .malformedRow)
        #expect(r.issue.record == 4)
    }

    @Test func normalizingTheNormalizedValuesChangesNothing() throws {
        let (first, _) = try accepted(["issuer_country": "el|DE", "ects": "2,50", "participation_form": "Hybrid"])
        let again = raw(["issuer_country": first.issuerCountries.joined(separator: "|"), "ects": "\(first.ects!)",
                         "participation_form": first.participationForm.rawValue])
        guard case .accepted(let second, _, _) = normalizer.normalize(again) else { Issue.record("rejected"); return }
        #expect(second == first)
    }
}

@Suite struct DecimalParsingTests {
    @Test(arguments: [("5", "5"), ("2.5", "2.5"), ("2,5", "2.5"), ("0.125", "0.125"), ("007", "7"), ("10.0", "10"),
                      ("999999999.123456789012345678901", "999999999.123456789012345678901")])
    func parses(_ text: String, _ expected: String) {
        #expect(Normalizer.decimal(text) == Decimal(string: expected))
    }

    @Test(arguments: ["", ".", "5.", ".5", "2.5 ECTS", "ca. 3", "3-4", "1.000,5", "five", "-1", "+1", "1e3", " 5",
                      "1000000000", "123456789012345678901.5"])   // more whole digits than a figure can hold (rule 21)
    func refuses(_ text: String) {
        #expect(Normalizer.decimal(text) == nil)
    }
}
