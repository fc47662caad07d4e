import MCStore

/// `trend`: credentials per country × month of issue (`YYYY-MM`), for the time-series chart.
/// It publishes no totals, so only primary suppression applies.
public struct TrendJob: ReportJob {
    public let name = "trend"

    public init() {}

    public func run(in context: ReportContext) -> ReportTable {
        CrossTab(name: name, title: "Monthly trend", dimensions: ["country", "month"], measures: [.credentials],
                 totalsOver: nil) { fact, _ in
            [String(fact.issueDate.description.prefix(7))]
        }.run(in: context)
    }
}
