import Foundation
package import MCModel

/// The release hold (reports.md, "Across releases"): a (country, year) group's rows, in every
/// report, are published again byte for byte until at least `hold` of its records were added,
/// corrected or revoked since the folder last published it; then its new rows are published
/// whole. Works on finished rows (after disclosure control, whatever its method): every group of
/// cells that disclosure control protects lies within one (country, year), so a group's rows are
/// protected on their own and frozen groups mix safely with new ones.
package struct ReleaseHold: Sendable {
    /// H: the number of changed records that releases a group (at least 1).
    package let hold: Int

    package init(hold: Int) {
        self.hold = max(1, hold)
    }

    /// The catalogue to publish and what to record.
    package struct Outcome: Sendable {
        package var tables: [ReportTable]
        /// Groups whose new rows are published, with their rows as stored between releases (the
        /// store records their record versions itself).
        package var released: [(group: ReleaseGroup, rows: Data)]
        /// Groups with changed records held back (their earlier rows, if any, published again).
        package var held: [ReleaseGroup]
        /// Groups with rows in the set whose rows come from an earlier release: that release.
        package var earlier: [ReleaseGroup: PublishedGroup]
        /// Groups with rows in the set, sorted.
        package var published: [ReleaseGroup]
    }

    /// Splits `tables` by group, and for each group publishes its new rows (enough changes) or
    /// those `published` last (same `layout`); tables outside disclosure control pass unchanged.
    /// `changes`: per group, the records added, corrected or revoked since the folder published
    /// it under `layout` (all its records when it did not), as the store counts them (`releaseChanges`).
    package func apply(to tables: [ReportTable], layout: String, published: [ReleaseGroup: PublishedGroup],
                      changes: [ReleaseGroup: Int]) throws -> Outcome {
        let current = ReleaseHold.rowsByGroup(tables)
        let earlier = published.filter { $0.value.layout == layout }
        let groups = Set(current.keys).union(earlier.keys).union(changes.keys).sorted()
        var chosen: [ReleaseGroup: GroupRows] = [:]
        var outcome = Outcome(tables: tables, released: [], held: [], earlier: [:], published: [])
        for group in groups {
            let before = earlier[group]
            let changes = changes[group] ?? 0
            if changes >= hold {
                let rows = current[group] ?? GroupRows()
                chosen[group] = rows
                outcome.released.append((group, try rows.encoded()))
            } else {
                if changes > 0 { outcome.held.append(group) }
                if let before {
                    chosen[group] = try GroupRows(decoding: before.rows)
                    outcome.earlier[group] = before
                }
            }
        }
        for (position, table) in tables.enumerated() where table.disclosure != nil {
            outcome.tables[position].rows = groups.flatMap { chosen[$0]?.tables[table.name] ?? [] }.map(\.row)
            outcome.tables[position].sortRows()
        }
        outcome.published = groups.filter { !(chosen[$0]?.tables.values.allSatisfy(\.isEmpty) ?? true) }
        outcome.earlier = outcome.earlier.filter { outcome.published.contains($0.key) }
        return outcome
    }

    /// Every row of the tables under disclosure control, by its group and report.
    static func rowsByGroup(_ tables: [ReportTable]) -> [ReleaseGroup: GroupRows] {
        var groups: [ReleaseGroup: GroupRows] = [:]
        for table in tables {
            guard let layout = table.disclosure else { continue }
            for row in table.rows {
                let key = layout.countryYear(of: row)
                groups[ReleaseGroup(country: key[0], year: key[1]), default: GroupRows()].tables[table.name, default: []]
                    .append(StoredRow(row))
            }
        }
        return groups
    }

    /// A fingerprint of what makes rows comparable between releases: the rule version, the
    /// disclosure settings, and every held report's name, columns and measures. Rows made under
    /// another layout are never mixed with new ones.
    package static func layout(of tables: [ReportTable], settings: String) -> String {
        var text = settings
        for table in tables where table.disclosure != nil {
            text += "|" + table.name + ":" + table.dimensions.joined(separator: ",") + ":" + table.measures.map(\.name).joined(separator: ",")
        }
        return text
    }
}

/// One group's rows in every report, as stored between releases.
struct GroupRows: Codable, Equatable {
    var tables: [String: [StoredRow]] = [:]

    init() {}

    init(decoding data: Data) throws {
        self = try JSONDecoder().decode(GroupRows.self, from: data)
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}

/// A published row, kept whole: dimensions, measures, status, withheld shares, hidden counts.
struct StoredRow: Codable, Equatable {
    var dimensions: [String]
    var measures: [StoredMeasure?]
    var status: String
    var withheld: [Int]
    var counts: [Int]?

    init(_ row: ReportRow) {
        dimensions = row.dimensions
        measures = row.measures.map { $0.map(StoredMeasure.init) }
        status = row.status.rawValue
        withheld = row.withheld.sorted()
        counts = row.counts.map { [$0.credentials, $0.learners] }
    }

    var row: ReportRow {
        ReportRow(dimensions: dimensions, measures: measures.map { $0?.value }, status: CellStatus(rawValue: status) ?? .primary,
                  counts: counts.flatMap { $0.count == 2 ? CellCounts(credentials: $0[0], learners: $0[1]) : nil },
                  withheld: Set(withheld))
    }
}

/// A measure value as stored: exactly one of its fields set.
struct StoredMeasure: Codable, Equatable {
    var count: Int?
    var decimal: String?
    var share: [Int]?

    init(_ value: MeasureValue) {
        switch value {
        case .count(let n): count = n
        case .decimal(let text): decimal = text
        case .share(let numerator, let denominator): share = [numerator, denominator]
        }
    }

    var value: MeasureValue? {
        if let count { return .count(count) }
        if let decimal { return .decimal(decimal) }
        if let share, share.count == 2 { return .share(numerator: share[0], denominator: share[1]) }
        return nil
    }
}
