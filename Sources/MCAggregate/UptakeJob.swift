internal import MCModel

/// The core report, `uptake`: credentials, distinct learners and ECTS per country × year × EQF
/// level × ECTS band × participation form, with a `_T` total per (country, year).
package struct UptakeJob: CrossTabJob {
    package let name = "uptake"
    package static let dimensions = ["country", "year", "eqf_level", "ects_band", "participation_form"]
    package static let measures: [MeasureSpec] = [.credentials, .learners, .ectsTotal]

    package init() {}

    var tab: CrossTab {
        CrossTab(name: name, title: "Uptake of micro-credentials", dimensions: UptakeJob.dimensions,
                 measures: UptakeJob.measures, totalsOver: 2,
                 sql: [CodeSQL.year, CodeSQL.eqf, CodeSQL.ectsBand, "participation_form"],
                 signature: { CellSignature(first: $0.issueDate.year, second: $0.eqfCode, third: Int($0.ectsCode), name: $0.participationForm.rawValue) }) { fact, _ in
            [String(fact.issueDate.year), Codes.eqf(fact.eqfLevel), Codes.ectsBand(fact.ects), fact.participationForm.rawValue]
        }
    }
}
