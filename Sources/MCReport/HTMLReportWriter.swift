package import MCAggregate
internal import Mustache

/// Writes one self-contained `index.html` (no scripts, no network, inline SVG) with the figures an
/// analyst looks at first: uptake by country, by EQF level and ECTS band, by participation form,
/// the monthly trend, the learner profile, the Annex II principles and the completeness table. Suppressed cells are marked
/// as such, and the threshold used is stated. The page is well-formed XHTML.
package struct HTMLReportWriter: ReportWriter {
    package let format = "html"

    package init() {}

    package func files(for tables: [ReportTable], context: RenderContext) -> [OutputFile] {
        [OutputFile(name: "index.html", report: nil, bytes: Array(page(tables, context: context).utf8))]
    }

    /// The page: `index.mustache` (the frame, what disclosure control and the release hold mean
    /// for these figures, the list of reports) around the sections drawn here.
    func page(_ tables: [ReportTable], context: RenderContext) -> String {
        let byName = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var sections = ""
        let perturbed = context.method == .cellKey
        if let uptake = byName["uptake"] { sections += uptakeSections(uptake, perturbed: perturbed) }
        if let trend = byName["trend"] { sections += trendSection(trend, perturbed: perturbed) }
        if let learners = byName["learners"] { sections += learnersSection(learners, perturbed: perturbed) }
        if let principles = byName["principles"] { sections += PrinciplesSection(table: principles, perturbed: perturbed).html() }
        if let completeness = byName["completeness"] { sections += completenessSection(completeness) }
        let links = [("csv", "csv", "CSV"), ("json", "json", "JSON"), ("sdmx", "sdmx.csv", "SDMX-CSV")].filter { context.formats.contains($0.0) }
        let reports: [[String: Any]] = tables.map { table in
            ["name": table.name, "title": table.title, "rows": table.rows.count,
             "links": links.enumerated().map { index, link in
                 ["separator": index == 0 ? "; " : ", ", "href": "\(table.name).\(link.1)", "label": link.2]
             }]
        }
        let values: [String: Any] = [
            "cellKey": context.method == .cellKey,
            "switchedOff": context.method != .cellKey && context.minCell <= 1,
            "threshold": context.method != .cellKey && context.minCell > 1,
            "minCell": context.minCell, "held": context.hold > 0, "hold": context.hold,
            "reports": reports, "sections": sections,
        ]
        return Self.template?.render(values) ?? ""
    }

    /// `index.mustache`, parsed once (a template that does not parse fails every page test).
    static let template = try? MustacheTemplate(string: EmbeddedFiles.indexMustache)

    // MARK: Sections

    /// Under the cell key method nothing is suppressed: the notes speak of perturbed figures and
    /// sums of them, never of suppression marks.
    private func uptakeSections(_ table: ReportTable, perturbed: Bool) -> String {
        let credentials = table.measures.firstIndex(of: .credentials) ?? 0
        let dimension = DimensionReader(table)
        var out = "<h2>Uptake by country</h2>\n"
        let totals = table.rows.filter { dimension($0, "eqf_level") == Codes.total }
        out += SVGChart.bars(totals.map { row in
            SVGChart.Bar(label: "\(dimension(row, "country")) \(dimension(row, "year"))", value: value(row, credentials), note: row.status.rawValue)
        }, title: "Micro-credentials awarded per issuer country and year", xLabel: "Issuer country and year", yLabel: "Credentials") + "\n"
        out += "<p class=\"note\">A joint award counts in each of its issuer countries. "
            + (perturbed ? "Each bar is a perturbed total, published on its own.</p>\n" : "Hatched bars are suppressed totals.</p>\n")

        let details = table.rows.filter { dimension($0, "eqf_level") != Codes.total }
        out += "<h2>Uptake by EQF level and ECTS band</h2>\n"
        let bands = Codes.ectsBands + [Codes.notApplicable]
        let levels = Codes.eqfLevels + [Codes.notApplicable]
        out += "<table>\n<tr><th>EQF level \\ ECTS band</th>" + bands.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for level in levels {
            out += "<tr><td>\(level == Codes.notApplicable ? "not applicable" : "EQF \(level)")</td>"
            for band in bands {
                let cells = details.filter { dimension($0, "eqf_level") == level && dimension($0, "ects_band") == band }
                out += sumCell(cells, credentials)
            }
            out += "</tr>\n"
        }
        out += "</table>\n<p class=\"note\">Credentials over all countries and years; "
            + (perturbed ? "each figure is a sum of perturbed cells, not a published figure itself.</p>\n"
                : "a sum marked ≥ leaves out suppressed cells and is a lower bound.</p>\n")

        out += "<h2>Uptake by form of participation</h2>\n"
        let forms = ["online", "onsite", "blended", "volunteering", "work-based"]
        let (formBars, formsLeftOut) = sumBars(forms.map { form in (form, details.filter { dimension($0, "participation_form") == form }) }, credentials)
        out += SVGChart.bars(formBars, title: "Micro-credentials by form of participation", xLabel: "Form of participation",
                             yLabel: "Credentials (published cells)") + "\n"
        out += leftOutNote(formsLeftOut, of: "credentials", perturbed: perturbed)
        return out
    }

    private func trendSection(_ table: ReportTable, perturbed: Bool) -> String {
        let dimension = DimensionReader(table)
        let months = Set(table.rows.map { dimension($0, "month") }).sorted()
        let countries = Set(table.rows.map { dimension($0, "country") }).sorted()
        var lookup: [String: ReportRow] = [:]
        for row in table.rows { lookup[dimension(row, "country") + "/" + dimension(row, "month")] = row }
        let series = countries.map { country in
            (name: country, points: months.map { month -> Double? in
                guard let row = lookup[country + "/" + month] else { return 0 }
                return value(row, 0)
            })
        }
        return "<h2>Monthly trend</h2>\n" + SVGChart.lines(series, xLabels: months, title: "Micro-credentials awarded per month",
                                                          xLabel: "Month of issue", yLabel: "Credentials") + "\n"
            + (perturbed ? "<p class=\"note\">Every month is a perturbed figure; a month with none published is drawn at 0.</p>\n"
                : "<p class=\"note\">Hollow circles on the axis mark suppressed months.</p>\n")
    }

    private func learnersSection(_ table: ReportTable, perturbed: Bool) -> String {
        let learners = table.measures.firstIndex(of: .learners) ?? 0
        // Two breakdowns (reports.md): age band × gender with citizenship `_T`, and citizenship alone.
        let dimension = DimensionReader(table)
        let details = table.rows.filter {
            dimension($0, "age_band") != Codes.total && dimension($0, "gender") != Codes.total && dimension($0, "citizenship") == Codes.total
        }
        let byCitizenship = table.rows.filter {
            dimension($0, "age_band") == Codes.total && dimension($0, "gender") == Codes.total && dimension($0, "citizenship") != Codes.total
        }
        let bands = ["LT25", "25-34", "35-44", "45-64", "GE65", Codes.notApplicable]
        let genders = ["F", "M", "X", Codes.notApplicable]
        var out = "<h2>Learner profile</h2>\n<table>\n<tr><th>Age band \\ gender</th>" + genders.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for band in bands {
            out += "<tr><td>\(escape(band))</td>"
            for gender in genders {
                out += sumCell(details.filter { dimension($0, "age_band") == band && dimension($0, "gender") == gender }, learners)
            }
            out += "</tr>\n"
        }
        out += "</table>\n"
        let citizenship = ["domestic", "foreign", Codes.notApplicable]
        let (citizenshipBars, citizenshipLeftOut) = sumBars(citizenship.map { kind in (kind, byCitizenship.filter { dimension($0, "citizenship") == kind }) }, learners)
        out += SVGChart.bars(citizenshipBars, title: "Learners by citizenship", xLabel: "Citizenship relative to the issuer country",
                             yLabel: "Learners (published cells)", height: 260) + "\n"
        out += leftOutNote(citizenshipLeftOut, of: "learners", perturbed: perturbed)
        return out + (perturbed ? "<p class=\"note\">Distinct learners summed over countries and years: sums of perturbed figures, not published figures themselves.</p>\n"
            : "<p class=\"note\">Distinct learners summed over countries and years; a sum marked ≥ leaves out suppressed cells and is a lower bound.</p>\n")
    }

    private func completenessSection(_ table: ReportTable) -> String {
        let shown = ["received", "accepted", "rejected"] + table.measures.map(\.name).filter { $0.hasPrefix("share_") }
        let indices = shown.compactMap { name in table.measures.firstIndex { $0.name == name } }
        let dimension = DimensionReader(table)
        var out = "<h2>Completeness of institution exports</h2>\n<table>\n<tr><th>Awarding body</th>"
        out += indices.map { "<th>\(escape(table.measures[$0].name.replacingOccurrences(of: "_", with: " ")))</th>" }.joined() + "<th>main reject reasons</th></tr>\n"
        for row in table.rows {
            out += "<tr><td>\(escape(dimension(row, "awarding_body_id")))</td>" + indices.map { "<td>\(escape(row.measures[$0]?.text ?? ""))</td>" }.joined()
            let reasons = table.measures.indices.filter { table.measures[$0].name.hasPrefix("rejected_") }
                .compactMap { index -> (String, Int)? in
                    guard case .count(let n)? = row.measures[index], n > 0 else { return nil }
                    return (String(table.measures[index].name.dropFirst("rejected_".count)), n)
                }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(3)
            out += "<td>" + escape(reasons.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")) + "</td></tr>\n"
        }
        return out + "</table>\n<p class=\"note\">Institutions, not learners, are named here, so this table is not suppressed.</p>\n"
    }

    // MARK: Helpers

    private func value(_ row: ReportRow, _ index: Int) -> Double? {
        switch row.measures[index] {
        case .count(let n)?: Double(n)
        case .decimal(let text)?: Double(text)
        case .share(let numerator, let denominator)?: Double(numerator) / Double(denominator)
        case nil: nil
        }
    }

    /// A table cell with the sum of the published values of `rows`; when some were suppressed it
    /// is a lower bound, written `≥ N`.
    private func sumCell(_ rows: [ReportRow], _ index: Int) -> String {
        if rows.isEmpty { return "<td>0</td>" }
        let published = rows.compactMap { value($0, index) }
        if published.isEmpty { return "<td class=\"suppressed\">suppressed</td>" }
        let suppressed = rows.contains { $0.status.isSuppressed }
        return "<td>\(suppressed ? "≥ " : "")\(SVGChart.number(published.reduce(0, +)))</td>"
    }

    /// One bar per (label, cells): the sum of the published cells, a lower bound (`≥ N`) when
    /// some were suppressed; and how many suppressed cells the chart leaves out.
    private func sumBars(_ groups: [(String, [ReportRow])], _ index: Int) -> ([SVGChart.Bar], Int) {
        var leftOut = 0
        let bars = groups.map { label, cells in
            let suppressed = cells.count { $0.status.isSuppressed }
            leftOut += suppressed
            let published = cells.compactMap { value($0, index) }
            if suppressed > 0 && published.isEmpty { return SVGChart.Bar(label: label, value: nil, note: "suppressed") }
            return SVGChart.Bar(label: label, value: published.reduce(0, +), note: nil, isLowerBound: suppressed > 0)
        }
        return (bars, leftOut)
    }

    /// Says how many suppressed cells a chart of sums leaves out; under the cell key method, that
    /// its bars are sums of perturbed cells.
    private func leftOutNote(_ count: Int, of unit: String, perturbed: Bool) -> String {
        if perturbed { return "<p class=\"note\">Every bar is a sum of perturbed cells: not a published figure itself, and it need not match a total.</p>\n" }
        guard count > 0 else { return "<p class=\"note\">Every bar is a sum of published cells; none was suppressed.</p>\n" }
        return "<p class=\"note\">This chart leaves out \(count) suppressed cell\(count == 1 ? "" : "s"): a bar marked ≥ and drawn pale is a lower bound on its \(unit), not a figure.</p>\n"
    }

    private func escape(_ text: String) -> String { XMLText.escape(text) }
}
