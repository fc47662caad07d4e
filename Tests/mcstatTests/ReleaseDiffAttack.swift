import Foundation

/// An outsider who keeps yesterday's published folder and reads today's: for every attribute of a
/// record, the published cells that moved between the two releases say which values the new
/// records have. It reads the published CSV files only, nothing of the store.
///
/// Scoring, per attribute: the attack predicts a multiset of values for the n new records (what
/// the diff shows, topped up with the guess when the diff shows fewer than n); the guess predicts
/// the value the first release shows most often, n times. A score is the share of new records
/// whose value the prediction holds (multiset intersection over n).
struct ReleaseDiffAttack {
    /// One attribute: the report and column it is read from, and the count column.
    struct Attribute: Sendable {
        var name: String
        var file: String
        var column: String
        var measure: String
    }

    static let attributes: [Attribute] = [
        Attribute(name: "country", file: "uptake", column: "country", measure: "credentials"),
        Attribute(name: "year", file: "uptake", column: "year", measure: "credentials"),
        Attribute(name: "month", file: "trend", column: "month", measure: "credentials"),
        Attribute(name: "eqf_level", file: "uptake", column: "eqf_level", measure: "credentials"),
        Attribute(name: "ects_band", file: "uptake", column: "ects_band", measure: "credentials"),
        Attribute(name: "participation_form", file: "uptake", column: "participation_form", measure: "credentials"),
        Attribute(name: "field", file: "fields", column: "isced_broad", measure: "credentials"),
        Attribute(name: "quality_assurance", file: "quality", column: "quality_assurance", measure: "credentials"),
        Attribute(name: "supervision", file: "quality", column: "supervision", measure: "credentials"),
        Attribute(name: "stackability", file: "stackability", column: "stackability", measure: "credentials"),
        Attribute(name: "age_band", file: "learners", column: "age_band", measure: "learners"),
        Attribute(name: "gender", file: "learners", column: "gender", measure: "learners"),
        Attribute(name: "citizenship", file: "learners", column: "citizenship", measure: "learners"),
    ]

    /// A published CSV file: header and rows.
    struct Table {
        var header: [String]
        var rows: [[String]]

        init(path: String) {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            header = lines.first ?? []
            rows = Array(lines.dropFirst())
        }

        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    }

    /// Per attribute and (country, year) group: value → count moved up, over the rows published
    /// in both releases (a row missing from one counts 0 there).
    struct Reading {
        var byGroup: [String: [String: [String: Int]]] = [:]   // attribute → group → value → count

        func total(_ attribute: String) -> [String: Int] {
            var sum: [String: Int] = [:]
            for values in (byGroup[attribute] ?? [:]).values { for (v, n) in values { sum[v, default: 0] += n } }
            return sum
        }
    }

    let before: String
    let after: String

    /// The rows an attribute is read from: the margin rows (every other dimension `_T`) when the
    /// report has them, else the detail rows (no `_T`).
    private static func rows(of table: Table, attribute: Attribute) -> [(group: String, value: String, key: String, count: Int?)] {
        guard let column = table.column(attribute.column), let measure = table.column(attribute.measure) else { return [] }
        let status = table.column("status")
        let country = table.column("country") ?? 0
        let dimensions = (0..<(status ?? measure)).filter { table.header[$0] != "country" && table.header[$0] != "year" }
            .filter { !["credentials", "learners", "ects_total"].contains(table.header[$0]) }
        func group(_ row: [String]) -> String {
            if let year = table.column("year") { return row[country] + " " + row[year] }
            return row[country] + " " + String(row[table.column("month") ?? 1].prefix(4))
        }
        func entry(_ row: [String]) -> (group: String, value: String, key: String, count: Int?) {
            let published = status.map { row[$0].isEmpty } ?? true
            return (group(row), row[column], row.prefix(dimensions.max().map { $0 + 1 } ?? 2).joined(separator: ","),
                    published ? Int(row[measure]) : nil)
        }
        if attribute.column == "country" || attribute.column == "year" {
            return table.rows.filter { row in dimensions.allSatisfy { row[$0] == "_T" } }.map(entry)
        }
        let others = dimensions.filter { $0 != column }
        let margins = table.rows.filter { row in row[column] != "_T" && others.allSatisfy { row[$0] == "_T" } }
        if !margins.isEmpty && !others.isEmpty { return margins.map(entry) }
        return table.rows.filter { row in dimensions.allSatisfy { row[$0] != "_T" } }.map(entry)
    }

    /// What moved up between the two folders.
    func read() -> Reading {
        var reading = Reading()
        for attribute in ReleaseDiffAttack.attributes {
            let old = ReleaseDiffAttack.rows(of: Table(path: before + "/" + attribute.file + ".csv"), attribute: attribute)
            let new = ReleaseDiffAttack.rows(of: Table(path: after + "/" + attribute.file + ".csv"), attribute: attribute)
            let oldByKey = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            let newByKey = Dictionary(new.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            for key in Set(oldByKey.keys).union(newByKey.keys) {
                let o = oldByKey[key], n = newByKey[key]
                // A value suppressed in either release is unknown: it tells the attacker nothing.
                if (o != nil && o?.count == nil) || (n != nil && n?.count == nil) { continue }
                let moved = (n?.count ?? 0) - (o?.count ?? 0)
                guard moved > 0, let row = n ?? o else { continue }
                reading.byGroup[attribute.name, default: [:]][row.group, default: [:]][row.value, default: 0] += moved
            }
        }
        return reading
    }

    /// The first release's most frequent published value of each attribute.
    func guesses() -> [String: String] {
        var guesses: [String: String] = [:]
        for attribute in ReleaseDiffAttack.attributes {
            var sums: [String: Int] = [:]
            for row in ReleaseDiffAttack.rows(of: Table(path: before + "/" + attribute.file + ".csv"), attribute: attribute) {
                sums[row.value, default: 0] += row.count ?? 0
            }
            guesses[attribute.name] = sums.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key ?? ""
        }
        return guesses
    }

    /// Per attribute: (attack score, guess score) over the new records `truth` (attribute → value
    /// per record).
    func scores(truth: [[String: String]]) -> [String: (attack: Double, guess: Double)] {
        let reading = read(), guesses = guesses()
        let n = truth.count
        var scores: [String: (attack: Double, guess: Double)] = [:]
        for attribute in ReleaseDiffAttack.attributes {
            var actual: [String: Int] = [:]
            for record in truth { actual[record[attribute.name] ?? "", default: 0] += 1 }
            let guess = guesses[attribute.name] ?? ""
            var predicted: [String: Int] = [:]
            var left = n
            for (value, count) in reading.total(attribute.name).sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) where left > 0 {
                predicted[value, default: 0] += min(count, left)
                left -= min(count, left)
            }
            predicted[guess, default: 0] += left
            func hits(_ prediction: [String: Int]) -> Double {
                Double(prediction.map { min($0.value, actual[$0.key] ?? 0) }.reduce(0, +)) / Double(max(n, 1))
            }
            scores[attribute.name] = (hits(predicted), hits([guess: n]))
        }
        return scores
    }

    /// How many new records' whole profile the diff gives away: every attribute of the record
    /// is the only value that moved up in its (country, year) group, and the group moved.
    func wholeProfiles(truth: [[String: String]]) -> Int {
        let reading = read()
        return truth.count { record in
            let group = (record["country"] ?? "") + " " + (record["year"] ?? "")
            guard (reading.byGroup["country"]?[group]?.values.reduce(0, +) ?? 0) > 0 else { return false }
            return ReleaseDiffAttack.attributes.filter { $0.name != "country" && $0.name != "year" }.allSatisfy { attribute in
                let moved = (reading.byGroup[attribute.name]?[group] ?? [:]).filter { $0.value > 0 }
                return moved.count == 1 && moved.keys.first == record[attribute.name]
            }
        }
    }
}
