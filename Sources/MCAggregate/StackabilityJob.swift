/// `stackability`: credentials and learners per country × year × stackability (`_Z` when not
/// stated), and per cell the share of its learners who hold two or more micro-credentials in
/// that country and year.
package struct StackabilityJob: CrossTabJob {
    package let name = "stackability"

    package init() {}

    var tab: CrossTab {
        CrossTab(name: name, title: "Stackability and repeat learners",
                 dimensions: ["country", "year", "stackability"], measures: [.credentials, .learners, .shareMultiple],
                 totalsOver: 2, sql: [CodeSQL.year, CodeSQL.orNotApplicable("stackability")],
                 signature: { CellSignature(first: $0.issueDate.year, name: $0.stackability?.rawValue) }) { fact, _ in
            [String(fact.issueDate.year), fact.stackability?.rawValue ?? Codes.notApplicable]
        }
    }
}
