internal import MCAggregate

/// The "Principles" section of the HTML page: for each country and year, a small table with a bar
/// per share of the `principles` report, and under it one sentence per share saying which Annex II
/// principle it stands for and what it cannot show. Withheld shares and suppressed rows are marked
/// as such; a share of nothing (no learner with a birth year) says so.
struct PrinciplesSection {
    let table: ReportTable
    /// Under the cell key method: shares of perturbed counts, nothing withheld or suppressed.
    var perturbed = false

    static let barWidth = 160.0

    func html() -> String {
        var out = "<h2>Principles</h2>\n"
        out += "<p class=\"lead\">What the counts mean: for each issuer country and year, the share of micro-credentials (or learners) "
        out += "that meet a principle of Annex II of the 2022 Council Recommendation, as recommitted to in the Tirana Communiqué (2024). "
        if perturbed {
            out += "Each share is a perturbed count over a perturbed count; a share whose perturbed denominator is 0 has no data.</p>\n"
        } else {
            out += "A share is withheld (<span class=\"sup\">C</span>) when its numerator, its denominator or their difference is below the threshold, "
            out += "or when it would give back a cell suppressed in another table.</p>\n"
        }
        for row in table.rows { out += block(row) }
        return out
    }

    private func block(_ row: ReportRow) -> String {
        let dimension = DimensionReader(table)
        let place = "\(escape(dimension(row, "country"))) \(escape(dimension(row, "year")))"
        var out = "<h3>\(place)</h3>\n"
        if row.status.isSuppressed {
            return out + "<p class=\"note\">Suppressed (<span class=\"sup\">\(row.status.rawValue)</span>): too few credentials or learners to publish this country and year.</p>\n"
        }
        let credentials = row.measures[0]?.text ?? "", learners = row.measures[1]?.text ?? ""
        out += "<table class=\"principles\">\n<tr><th>Principle (\(credentials) credentials, \(learners) learners)</th><th>Share</th><th>Bar</th></tr>\n"
        var sentences: [String] = []
        for principle in PrinciplesJob.principles {
            guard let index = table.measures.firstIndex(of: principle.measure) else { continue }
            let label = escape(principle.measure.label)
            let subject = principle.measure.share?.unit == .learners ? "learners" : "micro-credentials"
            switch row.measures[index] {
            case .share(let numerator, let denominator)?:
                let value = Double(numerator) / Double(denominator)
                out += "<tr><td>\(label)</td><td>\(escape(row.measures[index]!.text))</td><td>\(bar(value, label: label))</td></tr>\n"
                sentences.append(sentence(principle, shown: percent(value) + " of " + subject))
            default:
                let withheld = row.withheld.contains(index)
                out += withheld ? "<tr><td>\(label)</td><td class=\"suppressed\">C</td><td class=\"suppressed\">withheld</td></tr>\n"
                    : "<tr><td>\(label)</td><td>—</td><td>no data</td></tr>\n"
                sentences.append(sentence(principle, shown: withheld ? "withheld" : "no data"))
            }
        }
        out += "</table>\n<ul class=\"note\">\n" + sentences.map { "<li>\($0)</li>\n" }.joined() + "</ul>\n"
        return out
    }

    /// `share_ects (45.0 % of micro-credentials) stands for …; it cannot show ….`
    private func sentence(_ principle: PrinciplesJob.Principle, shown: String) -> String {
        "<strong>\(escape(principle.measure.name))</strong> (\(shown)) stands for \(escape(principle.principle)); it cannot show \(escape(principle.limits))."
    }

    private func bar(_ value: Double, label: String) -> String {
        let width = PrinciplesSection.barWidth
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"12\" role=\"img\" aria-label=\"\(label)\">"
            + "<rect width=\"\(Int(width))\" height=\"12\" fill=\"#edf2f7\"/>"
            + "<rect width=\"\(SVGChart.f(width * value))\" height=\"12\" fill=\"#2b6cb0\"/></svg>"
    }

    private func percent(_ value: Double) -> String { SVGChart.f(value * 100) + " %" }

    private func escape(_ text: String) -> String { XMLText.escape(text) }
}
