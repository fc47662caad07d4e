/// The codes of ``Codes`` as SQL expressions over a credential row of the store (see
/// ``CellQuery``): each gives, for the same credential, the text its Swift function gives.
enum CodeSQL {
    /// A text literal.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    static let notApplicable = literal(Codes.notApplicable)

    /// `column`'s text, or `_Z` when NULL.
    static func orNotApplicable(_ column: String) -> String { "coalesce(\(column), \(notApplicable))" }

    /// The year of issue (``Codes`` writes it as a plain integer).
    static let year = "year::text"

    /// ``Codes/eqf(_:)``.
    static let eqf = orNotApplicable("eqf_level::text")

    /// ``Codes/ectsBand(_:)``: the bands' lower bounds are 1, 5, 10 and 15.
    static let ectsBand = """
        CASE WHEN ects IS NULL THEN \(notApplicable) WHEN ects::numeric < 1 THEN \(literal(Codes.ectsBands[0])) \
        WHEN ects::numeric < 5 THEN \(literal(Codes.ectsBands[1])) WHEN ects::numeric < 10 THEN \(literal(Codes.ectsBands[2])) \
        WHEN ects::numeric < 15 THEN \(literal(Codes.ectsBands[3])) ELSE \(literal(Codes.ectsBands[4])) END
        """

    /// ``Codes/ageBand(birthYear:issueYear:)``.
    static let ageBand = """
        CASE WHEN learner_birth_year IS NULL THEN \(notApplicable) WHEN year - learner_birth_year < 25 THEN 'LT25' \
        WHEN year - learner_birth_year < 35 THEN '25-34' WHEN year - learner_birth_year < 45 THEN '35-44' \
        WHEN year - learner_birth_year < 65 THEN '45-64' ELSE 'GE65' END
        """
}
