import Foundation
import MCAggregate
import MCModel
import MCStore

/// An independent reading of a published catalogue against the store it was computed from. It
/// shares no code with disclosure control: it recomputes every hidden count from the credentials
/// themselves, with its own cell definitions, and lists every published figure, every difference
/// between a published total and the published cells of a group that adds up to it, and every
/// share whose counts lie between 1 and k-1.
struct LeakChecker {
    let credentials: [CredentialFact]
    let k: Int

    /// One issued credential counted in one country.
    private struct Award {
        var fact: CredentialFact
        var country: String
        var year: String { String(fact.issueDate.year) }
    }

    private func isSmall(_ n: Int) -> Bool { n >= 1 && n < k }

    /// The cell of `award` in `report`, as the dimensions after (country, year) or month.
    private func cell(_ report: String, _ award: Award) -> [String] {
        let f = award.fact
        switch report {
        case "uptake":
            let band: String
            if let e = f.ects { band = e < 1 ? "LT1" : e < 5 ? "1-5" : e < 10 ? "5-10" : e < 15 ? "10-15" : "GE15" } else { band = "_Z" }
            return [f.eqfLevel.map { "\($0)" } ?? "_Z", band, f.participationForm.rawValue]
        case "fields": return [f.iscedF.map { String($0.prefix(2)) } ?? "_Z"]
        case "quality": return [f.qualityAssurance.rawValue, f.supervision?.rawValue ?? "_Z"]
        case "stackability": return [f.stackability?.rawValue ?? "_Z"]
        case "learners":
            let age: String
            if let b = f.birthYear {
                let a = f.issueDate.year - b
                age = a < 25 ? "LT25" : a < 35 ? "25-34" : a < 45 ? "35-44" : a < 65 ? "45-64" : "GE65"
            } else { age = "_Z" }
            let citizenship = f.citizenship.map { $0 == award.country ? "domestic" : "foreign" } ?? "_Z"
            return [age, f.gender?.rawValue ?? "_Z", citizenship]
        case "trend": return [String(format: "%04d-%02d", f.issueDate.year, f.issueDate.month)]
        default: return []
        }
    }

    /// Cells whose published values make up a principle share's numerator: report, dimension
    /// position in that report's rows, and the codes that count.
    private static let margins: [String: (report: String, position: Int, codes: Set<String>)] = [
        "share_external_qa": ("quality", 2, ["external", "internal+external"]),
        "share_ects": ("uptake", 3, ["LT1", "1-5", "5-10", "10-15", "GE15"]),
        "share_eqf": ("uptake", 2, ["1", "2", "3", "4", "5", "6", "7", "8"]),
        "share_stackable": ("stackability", 2, ["stackable"]),
        "share_flexible": ("uptake", 4, ["online", "blended"]),
    ]

    /// Numerator and denominator of a principle share, from the awards of one (country, year).
    private func principleShare(_ name: String, _ awards: [Award]) -> (Int, Int)? {
        func count(_ test: (CredentialFact) -> Bool) -> (Int, Int) { (awards.filter { test($0.fact) }.count, awards.count) }
        switch name {
        case "share_external_qa": return count { $0.qualityAssurance == .external || $0.qualityAssurance == .internalAndExternal }
        case "share_ects": return count { $0.ects != nil }
        case "share_eqf": return count { $0.eqfLevel != nil }
        case "share_stackable": return count { $0.stackability == .stackable }
        case "share_flexible": return count { $0.participationForm == .online || $0.participationForm == .blended }
        case "share_prior_learning": return count { $0.assessmentKind == .priorLearning }
        case "share_learners_25plus":
            let known = awards.filter { $0.fact.birthYear != nil }
            let adults = Set(known.filter { $0.fact.issueDate.year - $0.fact.birthYear! >= 25 }.map(\.fact.learnerKey))
            return (adults.count, Set(known.map(\.fact.learnerKey)).count)
        default: return nil
        }
    }

    private func number(_ value: MeasureValue?) -> Int? {
        if case .count(let n)? = value { return n }
        return nil
    }

    /// Leaks in a report of breakdowns with margins (`learners`): for every row with `_T` in a
    /// place, the rows that spell out that place add up to it; its own count, recomputed here,
    /// minus the published ones must not be small, and when it is suppressed they must not all
    /// be published.
    private func marginLeaks(_ table: ReportTable, key: [String], awards: [Award]) -> [String] {
        let rows = table.rows.filter { Array($0.dimensions.prefix(2)) == key }
        var found: [String] = []
        for parent in rows {
            for place in 2..<parent.dimensions.count where parent.dimensions[place] == "_T" {
                let parts = rows.filter { row in
                    row.dimensions[place] != "_T" && (2..<row.dimensions.count).allSatisfy { $0 == place || row.dimensions[$0] == parent.dimensions[$0] }
                }
                guard !parts.isEmpty else { continue }
                let published = parts.filter { !$0.status.isSuppressed }
                if parent.status.isSuppressed {
                    if published.count == parts.count { found.append("learners \(parent.dimensions): suppressed margin is the sum of published cells") }
                    continue
                }
                let inParent = awards.filter { award in
                    zip(parent.dimensions.dropFirst(2), cell("learners", award)).allSatisfy { $0 == "_T" || $0 == $1 }
                }
                let residual = Set(inParent.map(\.fact.learnerKey)).count - published.compactMap { number($0.measures[0]) }.reduce(0, +)
                if isSmall(residual) { found.append("learners \(parent.dimensions) place \(place): margin minus published cells = \(residual)") }
            }
        }
        return found
    }

    /// Every leak found, one line each.
    func violations(in tables: [ReportTable]) -> [String] {
        var awards: [[String]: [Award]] = [:]   // (country, year) → awards
        for fact in credentials where fact.status == .issued {
            for country in Set(fact.countries) { awards[[country, String(fact.issueDate.year)], default: []].append(Award(fact: fact, country: country)) }
        }
        var found: [String] = []
        let controlled = tables.filter { $0.hasStatus }
        // Published figures: every published row, its hidden counts and its shares.
        for table in controlled {
            for row in table.rows where !row.status.isSuppressed {
                let key = table.name == "trend" ? [row.dimensions[0], String(row.dimensions[1].prefix(4))] : Array(row.dimensions.prefix(2))
                let inCell = (awards[key] ?? []).filter { award in
                    let detail = Array(row.dimensions.dropFirst(table.name == "trend" ? 1 : 2))
                    // `_T` in a place stands for every value there (a total, or a margin of learners).
                    let values = cell(table.name, award)
                    return detail.allSatisfy { $0 == "_T" } || (values.count == detail.count && zip(detail, values).allSatisfy { $0 == "_T" || $0 == $1 })
                }
                let learners = Set(inCell.map(\.fact.learnerKey))
                if isSmall(inCell.count) || isSmall(learners.count) {
                    found.append("\(table.name) \(row.dimensions): published cell of \(inCell.count) credentials, \(learners.count) learners")
                }
                for (spec, value) in zip(table.measures, row.measures) {
                    if spec.name == "credentials", let n = number(value), n != inCell.count { found.append("\(table.name) \(row.dimensions): credentials \(n) ≠ \(inCell.count)") }
                    if spec.name == "learners", let n = number(value), n != learners.count { found.append("\(table.name) \(row.dimensions): learners \(n) ≠ \(learners.count)") }
                    guard spec.name.hasPrefix("share_"), value != nil else { continue }
                    var parts: (Int, Int)?
                    if spec.name == "share_learners_multiple" {
                        var perLearner: [String: Int] = [:]
                        for award in awards[key] ?? [] { perLearner[award.fact.learnerKey, default: 0] += 1 }
                        parts = (learners.filter { (perLearner[$0] ?? 0) >= 2 }.count, learners.count)
                    } else {
                        parts = principleShare(spec.name, inCell)
                    }
                    guard let (n, d) = parts else { found.append("\(table.name): unknown share \(spec.name)"); continue }
                    if isSmall(n) || isSmall(d) || isSmall(d - n) {
                        found.append("\(table.name) \(row.dimensions): \(spec.name) published with \(n)/\(d)")
                    }
                    if d == 0 || value?.text != String(format: "%.4f", Double(n) / Double(d)) {
                        found.append("\(table.name) \(row.dimensions): \(spec.name) \(value?.text ?? "") ≠ \(n)/\(d)")
                    }
                }
            }
        }
        // Groups: per (country, year), the published cells of each report against the total
        // published anywhere in the catalogue.
        for (key, cyAwards) in awards.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let total = cyAwards.count
            let totalLearners = Set(cyAwards.map(\.fact.learnerKey)).count
            let totalRows = controlled.flatMap { table in table.rows.filter { Array($0.dimensions.prefix(2)) == key && $0.dimensions.dropFirst(2).allSatisfy { $0 == "_T" } && table.name != "trend" } }
            let totalPublished = totalRows.contains { !$0.status.isSuppressed }
            for table in controlled where table.name != "principles" {
                let details = table.rows.filter { row in
                    table.name == "trend" ? row.dimensions[0] == key[0] && row.dimensions[1].hasPrefix(key[1] + "-")
                        : Array(row.dimensions.prefix(2)) == key && !row.dimensions.dropFirst(2).allSatisfy { $0 == "_T" }
                }
                guard !details.isEmpty else { continue }
                if table.name == "learners" {
                    found += marginLeaks(table, key: key, awards: cyAwards)
                    continue
                }
                let published = details.filter { !$0.status.isSuppressed }
                if !totalPublished {
                    if published.count == details.count { found.append("\(table.name) \(key): suppressed total is the sum of published cells") }
                    continue
                }
                for (measure, whole) in [("credentials", total), ("learners", totalLearners)] {
                    guard let position = table.measures.firstIndex(where: { $0.name == measure }) else { continue }
                    let residual = whole - published.compactMap { number($0.measures[position]) }.reduce(0, +)
                    if isSmall(residual) { found.append("\(table.name) \(key): total \(measure) minus published cells = \(residual)") }
                }
            }
            // Margins of principle shares: the published share gives its numerator (and difference).
            guard let principles = controlled.first(where: { $0.name == "principles" }),
                  let row = principles.rows.first(where: { $0.dimensions == key }), !row.status.isSuppressed else { continue }
            for (spec, value) in zip(principles.measures, row.measures) where value != nil {
                guard let margin = LeakChecker.margins[spec.name], let (n, d) = principleShare(spec.name, cyAwards),
                      let other = controlled.first(where: { $0.name == margin.report }) else { continue }
                let cells = other.rows.filter { Array($0.dimensions.prefix(2)) == key && !$0.dimensions.dropFirst(2).allSatisfy { $0 == "_T" } }
                let credentials = other.measures.firstIndex { $0.name == "credentials" }!
                for (inside, whole) in [(true, n), (false, d - n)] {
                    let part = cells.filter { margin.codes.contains($0.dimensions[margin.position]) == inside }
                    let residual = whole - part.compactMap { number($0.measures[credentials]) }.reduce(0, +)
                    if isSmall(residual) { found.append("\(spec.name) \(key) over \(margin.report): margin minus published cells = \(residual)") }
                }
            }
        }
        return found
    }
}
