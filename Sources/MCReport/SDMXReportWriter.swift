import Foundation
package import MCAggregate

/// Writes each report as SDMX-CSV 2.0.0, plus one SDMX-ML 2.1 structure message
/// (`structure.xml`) with the agency, codelists, concept scheme, data structure definitions and
/// dataflows of every report written, so the files load without asking what a code means.
///
/// One observation per row and measure (a `MEASURE` dimension names it); the year or month is the
/// time dimension `TIME_PERIOD`; `STRUCTURE` = `dataflow`, `STRUCTURE_ID` =
/// `MCSTAT:<REPORT>(1.0.0)`, `ACTION` = `I`. A suppressed value is `NaN` with `CONF_STATUS` `C`
/// or `D`, a share withheld by the share rule `NaN` with `C`; a published one has `OBS_STATUS`
/// `A`. A share with nothing to share (denominator 0) has no observation. Under the cell key
/// method every value is perturbed: `OBS_STATUS` `A`, `CONF_STATUS` `F`, and each dataflow of
/// `structure.xml` carries an annotation naming the method.
package struct SDMXReportWriter: ReportWriter {
    package let format = "sdmx"
    package static let agency = "MCSTAT"
    package static let version = "1.0.0"

    package init() {}

    package func files(for tables: [ReportTable], context: RenderContext) -> [OutputFile] {
        let model = SDMXModel(tables: tables)
        return tables.map { OutputFile(name: "\($0.name).sdmx.csv", report: $0.name, bytes: data($0, model: model, method: context.method)) }
            + [OutputFile(name: "structure.xml", report: nil, bytes: Array(SDMXStructure(model: model, method: context.method).xml().utf8))]
    }

    /// The SDMX-CSV file of one report.
    func data(_ table: ReportTable, model: SDMXModel, method: DisclosureMethod.Name = .suppression) -> [UInt8] {
        // A perturbed value is free to publish (F); under suppression a published one has no status.
        let published = method == .cellKey && table.disclosure != nil ? "F" : ""
        let layout = model.layout(of: table)
        var out = (["STRUCTURE", "STRUCTURE_ID", "ACTION"] + layout.columns + ["OBS_VALUE", "OBS_STATUS", "CONF_STATUS"])
            .joined(separator: ",") + "\n"
        let structureId = "\(SDMXReportWriter.agency):\(SDMXModel.flowId(table.name))(\(SDMXReportWriter.version))"
        for row in table.rows {
            for (index, measure) in table.measures.enumerated() {
                let observation: [String]
                if let value = row.measures[index] {
                    observation = [value.text, "A", published]
                } else if row.status.isSuppressed {
                    observation = ["NaN", "", row.status.rawValue]
                } else if row.withheld.contains(index) {
                    observation = ["NaN", "", CellStatus.primary.rawValue]
                } else {
                    continue
                }
                var fields = ["dataflow", structureId, "I"]
                for column in layout.order {
                    switch column {
                    case .dimension(let position): fields.append(model.code(row.dimensions[position], dimension: table.dimensions[position]))
                    case .measure: fields.append(SDMXModel.sanitize(measure.code))
                    case .time(let position): fields.append(row.dimensions[position])
                    }
                }
                out += (fields + observation).map(CSVReportWriter.quote).joined(separator: ",") + "\n"
            }
        }
        return Array(out.utf8)
    }
}

/// The SDMX view of a set of report tables: dimension ids, codelists with every code used, and
/// the column layout of each report.
struct SDMXModel {
    enum Column { case dimension(Int), measure, time(Int) }

    struct Layout {
        var columns: [String]
        var order: [Column]
    }

    /// Dimensions that are the time dimension in SDMX.
    static let timeDimensions: Set<String> = ["year", "month"]
    /// Dimensions whose values are free text, not codes.
    static let uncoded: Set<String> = ["awarding_body_id"]

    let tables: [ReportTable]
    /// Codelist id → code id → label, over every coded dimension (and MEASURE).
    private(set) var codelists: [String: [String: String]] = [:]

    init(tables: [ReportTable]) {
        self.tables = tables
        for table in tables {
            for (position, dimension) in table.dimensions.enumerated()
            where !SDMXModel.timeDimensions.contains(dimension) && !SDMXModel.uncoded.contains(dimension) {
                let list = SDMXModel.codelistId(dimension)
                for row in table.rows {
                    let value = row.dimensions[position]
                    codelists[list, default: [:]][SDMXModel.sanitize(value)] = SDMXModel.label(value)
                }
                for (code, label) in SDMXModel.knownCodes(dimension) { codelists[list, default: [:]][SDMXModel.sanitize(code)] = label }
            }
            for measure in table.measures { codelists["CL_MEASURE", default: [:]][SDMXModel.sanitize(measure.code)] = measure.label }
        }
        codelists["CL_OBS_STATUS"] = ["A": "Normal value"]
        codelists["CL_CONF_STATUS"] = ["F": "Free", "C": "Confidential: primary suppression (small cell)",
                                       "D": "Confidential: secondary suppression (protects another cell)"]
    }

    func layout(of table: ReportTable) -> Layout {
        var columns: [String] = []
        var order: [Column] = []
        var time: Int?
        for (position, dimension) in table.dimensions.enumerated() {
            if SDMXModel.timeDimensions.contains(dimension) { time = position; continue }
            columns.append(SDMXModel.dimensionId(dimension))
            order.append(.dimension(position))
        }
        columns.append("MEASURE")
        order.append(.measure)
        if let time {
            columns.append("TIME_PERIOD")
            order.append(.time(time))
        }
        return Layout(columns: columns, order: order)
    }

    func code(_ value: String, dimension: String) -> String {
        SDMXModel.uncoded.contains(dimension) ? value : SDMXModel.sanitize(value)
    }

    static func flowId(_ report: String) -> String { report.uppercased() }
    static func dimensionId(_ name: String) -> String {
        name == "awarding_body_id" ? "AWARDING_BODY" : name.uppercased()
    }
    static func codelistId(_ dimension: String) -> String {
        dimension == "country" ? "CL_AREA" : "CL_" + dimensionId(dimension)
    }

    /// SDMX code ids allow letters, digits, `_`, `@`, `$` and `-`; anything else becomes `_`
    /// (`internal+external` → `internal_external`, named in full in the codelist).
    static func sanitize(_ value: String) -> String {
        String(value.unicodeScalars.map { scalar -> Character in
            let ok = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "_@$-".unicodeScalars.contains(scalar)
            return ok ? Character(scalar) : "_"
        })
    }

    static func label(_ code: String) -> String {
        switch code {
        case Codes.total: "Total"
        case Codes.notApplicable: "Not applicable or not stated"
        default: code
        }
    }

    /// Codes listed even when no row uses them, so a codelist describes its whole vocabulary.
    static func knownCodes(_ dimension: String) -> [(String, String)] {
        let common = [(Codes.total, "Total"), (Codes.notApplicable, "Not applicable or not stated")]
        switch dimension {
        case "eqf_level": return (1...8).map { (String($0), "EQF level \($0)") } + common
        case "ects_band": return [("LT1", "Less than 1 ECTS"), ("1-5", "1 to less than 5 ECTS"), ("5-10", "5 to less than 10 ECTS"),
                                  ("10-15", "10 to less than 15 ECTS"), ("GE15", "15 ECTS or more")] + common
        case "participation_form": return ["online", "onsite", "blended", "volunteering", "work-based"].map { ($0, $0) } + common
        case "quality_assurance": return ["internal", "external", "internal+external"].map { ($0, $0) } + common
        case "supervision": return ["unsupervised-no-id", "supervised-no-id", "supervised-online-id", "supervised-onsite-id", "unsupervised-id"].map { ($0, $0) } + common
        case "stackability": return ["stand-alone", "stackable"].map { ($0, $0) } + common
        case "age_band": return [("LT25", "Under 25"), ("25-34", "25 to 34"), ("35-44", "35 to 44"), ("45-64", "45 to 64"), ("GE65", "65 or over")] + common
        case "gender": return [("F", "Female"), ("M", "Male"), ("X", "Other or not binary")] + common
        case "citizenship": return [("domestic", "Citizen of the issuer country"), ("foreign", "Citizen of another country")] + common
        default: return common
        }
    }

}

