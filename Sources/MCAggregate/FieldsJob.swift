/// `fields`: credentials and learners per country × year × ISCED-F broad field (the code's first
/// two digits; `_Z` when absent), with a `_T` total per (country, year).
package struct FieldsJob: CrossTabJob {
    package let name = "fields"

    package init() {}

    var tab: CrossTab {
        CrossTab(name: name, title: "Fields of education (ISCED-F broad fields)",
                 dimensions: ["country", "year", "isced_broad"], measures: [.credentials, .learners], totalsOver: 2,
                 sql: [CodeSQL.year, CodeSQL.orNotApplicable("left(isced_f, 2)")],
                 signature: { CellSignature(first: $0.issueDate.year, second: $0.iscedCode) }) { fact, _ in
            [String(fact.issueDate.year), fact.iscedF.map { String($0.prefix(2)) } ?? Codes.notApplicable]
        }
    }
}
