import Foundation
package import MCModel

/// A report's counts described for a store that computes them itself, in SQL (the PostgreSQL
/// store), beside the Swift tally that computes the same counts from streamed facts: which
/// credentials, the dimension values of a cell as SQL expressions, the grouping sets (cells and
/// their totals), and what is counted per cell. The store answers with one ``CountedCell`` per
/// cell of every grouping set; the job makes its ``ReportTable`` from them, as its tally would.
///
/// Expressions read one credential row of the store's `credentials` table by column name, and
/// for ``Scope/issuedPerCountry`` also `country` (one issuer country; a joint award counts once in
/// each) and `year` (the year of `issue_date`, an integer).
package struct CellQuery: Sendable, Equatable {
    /// Which credentials are counted.
    package enum Scope: Sendable, Equatable {
        /// Issued credentials, once per distinct issuer country; `country` leads every cell.
        case issuedPerCountry
        /// Every stored credential (issued and revoked), once; no `country`.
        case everyStored
    }

    package var scope: Scope
    /// SQL text expressions for the cell's dimensions (after `country`); never NULL.
    package var dimensions: [String]
    /// The grouping sets, as indices into ``dimensions`` (`country` is always in): a dimension
    /// left out of a set is a total over it.
    package var groupingSets: [[Int]]
    package var aggregates: [CellAggregate]
    /// Whether the record keys are summed (only the cell key method reads them): without, every
    /// key sum is 0, and a store need not sort each cell's learners a second time for the sum of
    /// their distinct keys.
    package var keySums: Bool

    package init(scope: Scope = .issuedPerCountry, dimensions: [String], groupingSets: [[Int]], aggregates: [CellAggregate],
                 keySums: Bool = true) {
        self.scope = scope
        self.dimensions = dimensions
        self.groupingSets = groupingSets
        self.aggregates = aggregates
        self.keySums = keySums
    }
}

/// One figure counted per cell, with the cell key method's key sum of what it counts.
package enum CellAggregate: Sendable, Equatable {
    /// Credentials (for which `filter`, an SQL condition, holds), and the sum of their record keys.
    case credentials(filter: String?)
    /// Distinct learners (of the credentials for which `filter` holds), and the sum of their
    /// learners' record keys, each learner once.
    case learners(filter: String?)
    /// Distinct learners who hold two or more credentials in the cell's group of the first
    /// `groupDimensions` dimensions (with `country`), and the sum of their record keys.
    case repeatLearners(groupDimensions: Int)
    /// The sum of the credentials' ECTS (0 when none has any).
    case ectsSum
}

/// One cell as a store counted it: its dimension values (nil where its grouping set totals over
/// the dimension; `country` first for ``CellQuery/Scope/issuedPerCountry``) and per aggregate its
/// value.
package struct CountedCell: Sendable, Equatable {
    package var dimensions: [String?]
    package var values: [CountedValue]

    package init(dimensions: [String?], values: [CountedValue]) {
        self.dimensions = dimensions
        self.values = values
    }

    /// The dimension values with `_T` for a total.
    var codes: [String] { dimensions.map { $0 ?? Codes.total } }
}

/// One aggregate's value: a count and its key sum (mod 2^64), or an ECTS sum.
package struct CountedValue: Sendable, Equatable {
    package var count: Int
    package var keys: UInt64
    package var sum: Decimal

    package init(count: Int = 0, keys: UInt64 = 0, sum: Decimal = 0) {
        self.count = count
        self.keys = keys
        self.sum = sum
    }
}

/// A store that counts report cells itself (``CellQuery``).
package protocol CountingStore: StoredFacts {
    /// Every query's cells, and what the pass counted, all in one consistent snapshot.
    func count(_ queries: [CellQuery]) throws -> StoreCounts
}

/// What a ``CountingStore`` counted.
package struct StoreCounts: Sendable {
    /// Per query, in order, its cells (in no particular order).
    package var cells: [[CountedCell]]
    /// Credentials stored (issued and revoked), issued ones among them.
    package var credentials: Int
    package var issued: Int
    /// As ``StoredFacts/readSnapshot(sortingThreads:_:)`` returns them.
    package var rejections: [RejectionCount]

    package init(cells: [[CountedCell]], credentials: Int, issued: Int, rejections: [RejectionCount]) {
        self.cells = cells
        self.credentials = credentials
        self.issued = issued
        self.rejections = rejections
    }
}
