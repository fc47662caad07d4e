#if PostgreSQL
import Foundation
internal import MCAggregate

/// A report's ``CellQuery`` as one PostgreSQL statement: the credentials it counts (issued ones
/// once per distinct issuer country, or every stored one), the cell's dimensions, an optional
/// window counting each learner's credentials in a group, then `GROUP BY GROUPING SETS` with
/// `COUNT(*)`, `COUNT(DISTINCT learner_key)`, the key sums mod 2^64 and the ECTS sum.
///
/// Record keys are stored as `BIGINT` (the key's bits, signed): their `sum` is an exact `numeric`,
/// and the sum mod 2^64 of the signed values is that of the unsigned keys. A learner's key is
/// summed once per cell with `sum(DISTINCT …)`: equal keys are one learner (keys are 64 bits of
/// an HMAC of the learner key). ECTS are stored as decimal text: their `numeric` sum is exact and
/// comes back as text, formatted in Swift like the tally's sum.
struct PostgresCellQuery {
    let query: CellQuery

    private static let posix = Locale(identifier: "en_US_POSIX")
    /// 2^64, to bring key sums into 0 ..< 2^64.
    private static let wrap = "18446744073709551616"

    private var perCountry: Bool { query.scope == .issuedPerCountry }
    private var lead: [String] { perCountry ? ["country"] : [] }
    private var dimensionNames: [String] { query.dimensions.indices.map { "d\($0)" } }

    var sql: String {
        // Dimensions compare by their bytes: under the database's collation (C.UTF-8, en_US…)
        // every comparison of the sorts that group them went through strcoll.
        var inner = lead + zip(query.dimensions, dimensionNames).map { "(\($0))::text COLLATE \"C\" AS \($1)" }
        // Learners are told apart by their key's bytes (equal under any deterministic collation),
        // not through strcoll in each cell's sort for `COUNT(DISTINCT …)`.
        inner += ["learner_key COLLATE \"C\" AS learner_key", "record_key", "learner_record_key", "ects"]
        var aggregates: [String] = []
        var window: String?
        /// A key sum, or 0 when the query sums no keys (each `sum(DISTINCT …)` sorts every
        /// cell's learners once more).
        func keys(_ sum: String) -> String { query.keySums ? Self.wrapped(sum) : "'0'" }
        /// The FILTER clause of aggregate `number`: its condition becomes a column of the cells.
        func filtered(_ condition: String?, _ number: Int) -> String {
            guard let condition else { return "" }
            inner.append("(\(condition)) AS w\(number)")
            return " FILTER (WHERE w\(number))"
        }
        for (number, aggregate) in query.aggregates.enumerated() {
            switch aggregate {
            case .credentials(let filter):
                let when = filtered(filter, number)
                aggregates += ["count(*)\(when)", keys("sum(record_key)\(when)")]
            case .learners(let filter):
                let when = filtered(filter, number)
                aggregates += ["count(DISTINCT learner_key)\(when)", keys("sum(DISTINCT learner_record_key)\(when)")]
            case .repeatLearners(let groupDimensions):
                let group = lead + dimensionNames.prefix(groupDimensions) + ["learner_key"]
                window = "count(*) OVER (PARTITION BY \(group.joined(separator: ", "))) AS group_credentials"
                let when = " FILTER (WHERE group_credentials >= 2)"
                aggregates += ["count(DISTINCT learner_key)\(when)", keys("sum(DISTINCT learner_record_key)\(when)")]
            case .ectsSum:
                aggregates.append("coalesce(sum(ects::numeric), 0)::text")
            }
        }
        let from = perCountry ? """
            credentials f
            CROSS JOIN LATERAL (SELECT DISTINCT c AS country FROM unnest(string_to_array(f.issuer_country, '|')) AS c WHERE c <> '') k
            CROSS JOIN LATERAL (SELECT substr(f.issue_date, 1, 4)::int AS year) y
            WHERE f.status = 'issued'
            """ : "credentials f"
        var cells = "SELECT \(inner.joined(separator: ", ")) FROM \(from)"
        if let window { cells = "SELECT *, \(window) FROM (\(cells)) counted" }
        let sets = query.groupingSets.map { set in "(" + (lead + set.map { dimensionNames[$0] }).joined(separator: ", ") + ")" }
        return """
            SELECT \((lead + dimensionNames + aggregates).joined(separator: ", "))
            FROM (\(cells)) cells
            GROUP BY GROUPING SETS (\(sets.joined(separator: ", ")))
            """
    }

    /// `sum` (a `numeric`, NULL when nothing was summed) mod 2^64, as text.
    private static func wrapped(_ sum: String) -> String {
        "((coalesce(\(sum), 0) % \(wrap) + \(wrap)) % \(wrap))::text"
    }

    /// The cells the query counts.
    func cells(_ session: PostgresSession, store: String) throws -> [CountedCell] {
        let width = lead.count + query.dimensions.count
        var cells: [CountedCell] = []
        try session.forEachRow(sql, batchSize: 2048) { row in
            var dimensions: [String?] = []
            for column in 0..<width { dimensions.append(try row.string(column)) }
            var column = width
            var values: [CountedValue] = []
            for aggregate in query.aggregates {
                if case .ectsSum = aggregate {
                    let text = try row.string(column) ?? ""
                    guard let sum = Decimal(string: text, locale: Self.posix) else {
                        throw PostgresStoreError.database(store: store, operation: "count the reports", reason: "an ECTS sum is not a number")
                    }
                    values.append(CountedValue(sum: sum))
                    column += 1
                } else {
                    guard let keys = UInt64(try row.string(column + 1) ?? "") else {
                        throw PostgresStoreError.database(store: store, operation: "count the reports", reason: "a key sum is out of range")
                    }
                    values.append(CountedValue(count: try row.int(column) ?? 0, keys: keys))
                    column += 2
                }
            }
            cells.append(CountedCell(dimensions: dimensions, values: values))
        }
        return cells
    }
}
#endif
