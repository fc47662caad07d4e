import MCStore

/// `learners`: distinct learners per country × year × age band at issue × gender × citizenship
/// (domestic, foreign, `_Z`), with a `_T` total per (country, year).
public struct LearnersJob: ReportJob {
    public let name = "learners"

    public init() {}

    public func makeTally() -> any ReportTally {
        CrossTab(name: name, title: "Learner profile",
                 dimensions: ["country", "year", "age_band", "gender", "citizenship"], measures: [.learners], totalsOver: 2,
                 signature: { CellSignature(first: $0.issueDate.year, second: $0.birthYearCode, third: $0.citizenshipCode, name: $0.gender?.rawValue) }) { fact, country in
            let citizenship = fact.citizenship.map { $0 == country ? "domestic" : "foreign" } ?? Codes.notApplicable
            return [String(fact.issueDate.year), Codes.ageBand(birthYear: fact.birthYear, issueYear: fact.issueDate.year),
                    fact.gender?.rawValue ?? Codes.notApplicable, citizenship]
        }.makeTally()
    }
}
