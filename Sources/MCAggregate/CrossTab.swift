import Foundation
internal import MCModel

/// The computation most reports share: count issued credentials (and distinct learners) per
/// cell of country × other dimensions, with a `_T` total per group of leading dimensions (usually
/// country × year). Disclosure control runs later, once, over the whole catalogue
/// (``ReportCatalog/compute(in:)``).
///
/// A joint award counts once in each of its issuer countries.
package struct CrossTab: Sendable {
    package var name: String
    package var title: String
    /// Dimension names, `country` first.
    package var dimensions: [String]
    package var measures: [MeasureSpec]
    /// Leading dimensions (country included) of a group with a `_T` total row; nil for no totals.
    package var totalsOver: Int?
    /// How disclosure control groups the rows.
    package var grouping: DisclosureLayout.Grouping = .totals
    /// The SQL expressions of `cell`'s values, in order, for a store that counts in SQL
    /// (``CellQuery``): the same values from the same credential.
    var sql: [String]
    /// What `cell` reads of a credential. Within a country, credentials with equal signatures
    /// must get equal cells.
    var signature: @Sendable (FactView) -> CellSignature
    /// The dimension values after `country` for one credential counted in `country`.
    package var cell: @Sendable (FactView, String) -> [String]

    /// Running counts for one pass.
    package func makeTally() -> any ReportTally { CrossTabTally(self) }

    /// The table's frame, rows to come.
    func table(rows: [ReportRow]) -> ReportTable {
        var table = ReportTable(name: name, title: title, dimensions: dimensions, measures: measures,
                                disclosure: DisclosureLayout(grouping: grouping,
                                                             credentialsMeasure: measures.firstIndex(of: .credentials),
                                                             learnersMeasure: measures.firstIndex(of: .learners)),
                                rows: rows)
        table.sortRows()
        return table
    }
}
