import Foundation

/// What a folder last published of one group (its record versions stay in the store: the store
/// compares them with the current ones, one group at a time, in `releaseChanges(out:layout:)`).
package struct PublishedGroup: Sendable {
    package var releaseId: Int64
    package var releasedAt: String
    /// The catalogue layout the rows were made under (threshold, method, reports and columns).
    package var layout: String
    /// The group's rows in every report, as the caller encoded them.
    package var rows: Data

    package init(releaseId: Int64, releasedAt: String, layout: String, rows: Data) {
        self.releaseId = releaseId
        self.releasedAt = releasedAt
        self.layout = layout
        self.rows = rows
    }
}
