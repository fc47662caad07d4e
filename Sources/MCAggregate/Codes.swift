import Foundation
import MCModel

/// The dimension codes used in every report output.
public enum Codes {
    /// A total over a dimension.
    public static let total = "_T"
    /// Not applicable / absent.
    public static let notApplicable = "_Z"

    /// `1` … `8`, or `_Z`.
    public static func eqf(_ level: Int?) -> String {
        level.map(String.init) ?? notApplicable
    }

    /// `LT1`, `1-5`, `5-10`, `10-15`, `GE15`, or `_Z` when no ECTS were given.
    public static func ectsBand(_ ects: Decimal?) -> String {
        guard let ects else { return notApplicable }
        switch ects {
        case ..<1: return "LT1"
        case ..<5: return "1-5"
        case ..<10: return "5-10"
        case ..<15: return "10-15"
        default: return "GE15"
        }
    }
}
