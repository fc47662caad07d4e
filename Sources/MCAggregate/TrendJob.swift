/// `trend`: credentials per country × month of issue (`YYYY-MM`), for the time-series chart.
/// Its months add up to the (country, year) total the other reports publish, so disclosure control
/// protects them as a group of that total.
package struct TrendJob: CrossTabJob {
    package let name = "trend"

    package init() {}

    var tab: CrossTab {
        CrossTab(name: name, title: "Monthly trend", dimensions: ["country", "month"], measures: [.credentials],
                 totalsOver: nil, grouping: .months, sql: ["substr(issue_date, 1, 7)"],
                 signature: { CellSignature(first: $0.issueDate.year, second: $0.issueDate.month) }) { fact, _ in
            [String(fact.issueDate.description.prefix(7))]
        }
    }
}
