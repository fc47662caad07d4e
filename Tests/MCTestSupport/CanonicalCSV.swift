import Foundation
import MCModel

/// Builds canonical CSV text for tests: a header and rows given as field → value overrides of a
/// valid base record.
package enum CanonicalCSV {
    /// The columns in canonical order.
    package static let header: [String] = [
        "credential_id", "learner_id", "learner_birth_year", "learner_gender", "learner_citizenship",
        "title", "issuer_country", "awarding_body_id", "awarding_body_name", "issue_date",
        "learning_outcomes", "ects", "workload_hours", "eqf_level", "qf_ehea_cycle", "assessment_type",
        "participation_form", "quality_assurance", "prerequisites", "supervision", "grade",
        "stackability", "isced_f", "language", "further_info", "status",
    ]

    /// A valid record.
    package static let base: [String: String] = [
        "credential_id": "C-1", "learner_id": "L-1", "learner_birth_year": "1990", "learner_gender": "F",
        "learner_citizenship": "DE", "title": "Data literacy", "issuer_country": "DE",
        "awarding_body_id": "DE-HS-1", "awarding_body_name": "Hochschule Eins", "issue_date": "2025-03-14",
        "learning_outcomes": "Reads data|Explains charts", "ects": "5", "workload_hours": "",
        "eqf_level": "6", "qf_ehea_cycle": "first", "assessment_type": "written-exam",
        "participation_form": "online", "quality_assurance": "internal", "prerequisites": "",
        "supervision": "none", "grade": "1.7", "stackability": "stackable", "isced_f": "0688",
        "language": "en", "further_info": "", "status": "issued",
    ]

    /// One CSV line for `values` (base record overridden), quoted where needed.
    package static func row(_ overrides: [String: String] = [:], columns: [String] = header) -> String {
        columns.map { quote(overrides[$0] ?? base[$0] ?? "") }.joined(separator: ",")
    }

    /// A whole file: header, then one row per override set, LF line ends.
    package static func file(_ rows: [[String: String]], columns: [String] = header) -> String {
        ([columns.joined(separator: ",")] + rows.map { row($0, columns: columns) }).joined(separator: "\n") + "\n"
    }

    package static func quote(_ value: String) -> String { CSVText.field(value) }
}
