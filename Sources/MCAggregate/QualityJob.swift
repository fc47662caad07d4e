/// `quality`: credentials per country × year × type of quality assurance × supervision (`_Z`
/// when not stated), with a `_T` total per (country, year).
package struct QualityJob: CrossTabJob {
    package let name = "quality"

    package init() {}

    var tab: CrossTab {
        CrossTab(name: name, title: "Quality assurance and supervision",
                 dimensions: ["country", "year", "quality_assurance", "supervision"], measures: [.credentials], totalsOver: 2,
                 sql: [CodeSQL.year, "quality_assurance", CodeSQL.orNotApplicable("supervision")],
                 signature: { CellSignature(first: $0.issueDate.year, name: $0.qualityAssurance.rawValue, otherName: $0.supervision?.rawValue) }) { fact, _ in
            [String(fact.issueDate.year), fact.qualityAssurance.rawValue, fact.supervision?.rawValue ?? Codes.notApplicable]
        }
    }
}
