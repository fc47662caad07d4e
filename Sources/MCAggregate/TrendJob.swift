/// `trend`: credentials per country × month of issue (`YYYY-MM`), for the time-series chart.
/// Its months add up to the (country, year) total the other reports publish, so disclosure control
/// protects them as a group of that total.
package struct TrendJob: ReportJob {
    package let name = "trend"

    package init() {}

    package func makeTally() -> any ReportTally {
        CrossTab(name: name, title: "Monthly trend", dimensions: ["country", "month"], measures: [.credentials],
                 totalsOver: nil, grouping: .months,
                 signature: { CellSignature(first: $0.issueDate.year, second: $0.issueDate.month) }) { fact, _ in
            [String(fact.issueDate.description.prefix(7))]
        }.makeTally()
    }
}
