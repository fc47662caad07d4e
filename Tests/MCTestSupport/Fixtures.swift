import Foundation
import MCModel

/// Values for building test records.
package enum Fixtures {
    /// A valid credential; change what a test needs.
    package static func credential(id: String = "C-1", body: String = "HS-1", learner: String = "k1",
                                  countries: [String] = ["DE"], date: String = "2025-03-14",
                                  ects: Decimal? = 5, eqf: Int? = 6, form: ParticipationForm = .online,
                                  status: CredentialStatus = .issued) -> Credential {
        Credential(credentialId: id, awardingBodyId: body, learnerKey: learner, title: "Data literacy",
                   issuerCountries: countries, issueDate: CalendarDate(iso: date)!, learningOutcomes: ["Reads data"],
                   ects: ects, eqfLevel: eqf, assessmentType: "written-exam", assessmentKind: .writtenExam,
                   participationForm: form, qualityAssurance: .internal, status: status)
    }

    /// A test environment that `make test` did not make.
    package struct MissingEnvironment: Error, CustomStringConvertible {
        package let description: String
    }

    /// The Python interpreter of the virtual environment `.build/<name>`, which `make test` makes
    /// with `tools/<script>` before the suite runs. Tests never install anything themselves: a
    /// missing environment is a failure that names the script to run, never a skip.
    package static func venvPython(_ name: String, madeBy script: String) throws -> String {
        let python = packageRoot.appendingPathComponent(".build/\(name)/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw MissingEnvironment(description: "\(python) is missing: run tools/\(script) first (make test does)")
        }
        return python
    }

    /// The package's root directory (for sample-data and pipelines in end-to-end tests).
    package static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
