import Foundation
package import MCModel

/// Checks a pipeline source's `defaults:` before anything runs, with the rules themselves: each
/// value is put into an otherwise valid record that lacks it, and whatever the rules say about
/// that field (a reject, or a warning that the value was dropped) is a problem of the file.
package enum DefaultsCheck {
    /// A valid record in canonical field names (no learner id is ever kept: the key is thrown away).
    static let template: [Field: String] = [
        .credentialId: "C-1", .learnerId: "L-1", .learnerBirthYear: "1990", .learnerGender: "F",
        .learnerCitizenship: "DE", .title: "Data literacy", .issuerCountry: "DE",
        .awardingBodyId: "DE-HS-1", .awardingBodyName: "Hochschule Eins", .issueDate: "2025-03-14",
        .learningOutcomes: "Reads data", .ects: "5", .eqfLevel: "6",
        .assessmentType: "written-exam", .participationForm: "online", .qualityAssurance: "internal",
        .supervision: "none", .stackability: "stackable", .iscedF: "0688",
        .language: "en", .status: "issued",
    ]

    /// What the rules say about `value` as the default of `field`: nil when they take it.
    package static func problem(field: Field, value: String) -> ValidationIssue? {
        var values: [String: RawValue] = [:]
        for (name, text) in template where name != field { values[name.rawValue] = .text(text) }
        let raw = RawRecord(provenance: Provenance(file: "defaults", record: 1, line: nil), values: values)
        let policy = SourcePolicy(defaults: [field: value])
        let normalizer = Normalizer(pseudonymizer: Pseudonymizer(secret: Data(repeating: 7, count: 32)), policy: policy)
        let outcome = normalizer.normalize(raw)
        if case .rejected(let rejection, _) = outcome, rejection.issue.field == field.rawValue { return rejection.issue }
        return outcome.warnings.first { $0.field == field.rawValue }
    }
}
