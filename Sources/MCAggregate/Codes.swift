import Foundation
internal import MCModel

/// The dimension codes used in every report output.
package enum Codes {
    /// A total over a dimension.
    package static let total = "_T"
    /// Not applicable / absent.
    package static let notApplicable = "_Z"

    /// The EQF level codes, in order (`_Z` aside).
    package static let eqfLevels = (1...8).map(String.init)

    /// The ECTS band codes, in order (`_Z` aside).
    package static let ectsBands = ["LT1", "1-5", "5-10", "10-15", "GE15"]

    /// `1` … `8`, or `_Z`.
    package static func eqf(_ level: Int?) -> String {
        level.map(String.init) ?? notApplicable
    }

    /// `LT1`, `1-5`, `5-10`, `10-15`, `GE15`, or `_Z` when no ECTS were given.
    package static func ectsBand(_ ects: Decimal?) -> String {
        guard let ects else { return notApplicable }
        switch ects {
        case ..<1: return ectsBands[0]
        case ..<5: return ectsBands[1]
        case ..<10: return ectsBands[2]
        case ..<15: return ectsBands[3]
        default: return ectsBands[4]
        }
    }

    /// Age at issue (issue year − birth year): `LT25`, `25-34`, `35-44`, `45-64`, `GE65`, `_Z`.
    package static func ageBand(birthYear: Int?, issueYear: Int) -> String {
        guard let birthYear else { return notApplicable }
        switch issueYear - birthYear {
        case ..<25: return "LT25"
        case ..<35: return "25-34"
        case ..<45: return "35-44"
        case ..<65: return "45-64"
        default: return "GE65"
        }
    }
}
