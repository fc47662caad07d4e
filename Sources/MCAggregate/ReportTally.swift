import Foundation
package import MCModel

/// One report's running counts during a pass over the credentials: it is given every batch, in
/// order, then asked for its table. A pass gives a tally one batch at a time (never two at once),
/// possibly on different threads.
package protocol ReportTally: AnyObject, Sendable {
    /// Counts the credentials of `batch` (issued and revoked: a tally picks what it counts).
    func add(_ batch: FactTable)
    /// The report's table, not yet under disclosure control.
    func finish(_ end: PassEnd) -> ReportTable
}

/// What a pass knows once every credential has been read.
package struct PassEnd: Sendable {
    /// The last batch: its value tables hold every value of the pass (nil when there was none).
    let lastBatch: FactTable?
    /// The quarantine counts per awarding body and reason.
    package let rejections: [RejectionCount]
    /// Accepted versions per awarding body, every version imported (empty for facts held in
    /// memory: the stored records are then all there is).
    package let acceptedVersions: [String: Int]
    /// Credentials read, issued ones among them.
    package let credentials: Int
    package let issued: Int

    /// The ECTS value numbered `code` in this pass.
    func ectsValue(_ code: Int32) -> Decimal? { lastBatch?.ectsValue(code) ?? nil }
}
