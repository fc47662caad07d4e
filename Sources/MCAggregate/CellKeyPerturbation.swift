/// The cell key method (reports.md, "The cell key method"), applied to finished tables: every
/// count that counts people or awards gets the noise its cell key draws from the perturbation
/// table, in place of suppression.
///
/// - A count is perturbed with the sum of the record keys of exactly the units it counts
///   (``CellKeys``): the same units give the same figure in every report (a (country, year) total
///   included), so a total is a cell of its own and tables are not additive.
/// - A row is published when its first count (credentials, else learners) is above 0 after
///   perturbation; a cell perturbed to 0 is left out, like an empty one.
/// - A share is its perturbed numerator over its perturbed denominator, clipped to [0, 1]; it is
///   absent when the perturbed denominator is 0.
/// - Measures that are neither counts nor shares (`ects_total`) are not published.
///
/// Each row is transformed on its own, so what runs after (a release hold) sees finished rows
/// whichever method made them.
package struct CellKeyPerturbation: Sendable {
    package let table: PerturbationTable

    package init(table: PerturbationTable) { self.table = table }

    /// Perturbs every table under disclosure control; the others (completeness) stay as they are.
    package func apply(to tables: inout [ReportTable]) {
        for index in tables.indices where tables[index].disclosure != nil { apply(to: &tables[index]) }
    }

    /// Perturbs one table.
    package func apply(to report: inout ReportTable) {
        guard let layout = report.disclosure else { return }
        let kept = report.measures.indices.filter { index in
            index == layout.credentialsMeasure || index == layout.learnersMeasure || report.measures[index].share != nil
        }
        let headline = layout.credentialsMeasure ?? layout.learnersMeasure
        report.rows = report.rows.compactMap { row in
            let keys = row.keys ?? CellKeys(credentials: 0, learners: 0)
            var measures: [MeasureValue?] = []
            var published = true
            for index in kept {
                let value = perturb(row.measures[index], at: index, layout: layout, keys: keys)
                if index == headline, case .count(let n)? = value, n <= 0 { published = false }
                measures.append(value)
            }
            guard published else { return nil }
            return ReportRow(dimensions: row.dimensions, measures: measures)
        }
        report.measures = kept.map { report.measures[$0] }
        report.disclosure = DisclosureLayout(grouping: layout.grouping,
                                             credentialsMeasure: layout.credentialsMeasure.flatMap { kept.firstIndex(of: $0) },
                                             learnersMeasure: layout.learnersMeasure.flatMap { kept.firstIndex(of: $0) })
    }

    private func perturb(_ value: MeasureValue?, at index: Int, layout: DisclosureLayout, keys: CellKeys) -> MeasureValue? {
        switch value {
        case .count(let n)? where index == layout.credentialsMeasure:
            return .count(table.perturb(n, cellKey: keys.credentials))
        case .count(let n)? where index == layout.learnersMeasure:
            return .count(table.perturb(n, cellKey: keys.learners))
        case .share(let numerator, let denominator)?:
            guard let parts = keys.shares[index] else { return nil }
            let top = table.perturb(numerator, cellKey: parts.numerator)
            let bottom = table.perturb(denominator, cellKey: parts.denominator)
            return MeasureValue.share(min(max(top, 0), bottom), of: bottom)
        default:
            return nil
        }
    }
}
