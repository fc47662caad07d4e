package import MCModel

/// `completeness`: per awarding body, the records received, accepted and rejected (in all and by
/// reason), and the share of accepted records that carry each optional Annex I element. It names
/// institutions, not learners, so it is not suppressed.
package struct CompletenessJob: StoreCountedJob {
    package let name = "completeness"

    /// The reject reasons with a column each: every code a record can be rejected with, so that
    /// the columns sum to `rejected`.
    package static let reasons: [ReasonCode] = ReasonCode.rejecting

    /// The optional Annex I elements whose presence is measured (and the same test in SQL over a
    /// credential row, ``CellQuery``).
    package static let optionalElements: [(name: String, label: String, isPresent: @Sendable (FactView) -> Bool, sql: String)] = [
        ("prerequisites", "Prerequisites needed to enrol", { $0.hasPrerequisites }, "prerequisites IS NOT NULL"),
        ("supervision", "Supervision and identity verification", { $0.supervision != nil }, "supervision IS NOT NULL"),
        ("grade", "Grade achieved", { $0.hasGrade }, "grade IS NOT NULL"),
        ("stackability", "Integration/stackability options", { $0.stackability != nil }, "stackability IS NOT NULL"),
        ("further_info", "Further information", { $0.hasFurtherInfo }, "further_info IS NOT NULL"),
    ]

    package static var measures: [MeasureSpec] {
        [MeasureSpec("received", label: "Records received"), MeasureSpec("accepted", label: "Records accepted"),
         MeasureSpec("rejected", label: "Records rejected")]
            + reasons.map { MeasureSpec("rejected_\($0.rawValue)", label: "Rejected: \($0.rawValue)") }
            + optionalElements.map { MeasureSpec("share_\($0.name)", label: "Share of accepted records with: \($0.label)") }
    }

    package init() {}

    package func makeTally() -> any ReportTally { CompletenessTally(name: name) }

    /// Per awarding body: every stored credential (issued and revoked), and those carrying each
    /// optional element.
    package var query: CellQuery {
        CellQuery(scope: .everyStored, dimensions: ["awarding_body_id"], groupingSets: [[0]],
                  aggregates: [.credentials(filter: nil)] + Self.optionalElements.map { .credentials(filter: $0.sql) })
    }

    package func table(counted: [CountedCell], end: PassEnd) -> ReportTable {
        var accepted: [String: AcceptedCount] = [:]
        for cell in counted {
            accepted[cell.codes[0]] = AcceptedCount(records: cell.values[0].count, withElement: cell.values.dropFirst().map(\.count))
        }
        return CompletenessTally.table(name: name, acceptedByBody: accepted, end: end)
    }
}

/// Accepted records and their optional elements per awarding body (by its number in the pass),
/// then the quarantine counts at the end.
fileprivate final class CompletenessTally: ReportTally, @unchecked Sendable {
    // @unchecked: a pass gives the tally one batch at a time (ReportTally's contract).
    private let name: String
    private var accepted: [AcceptedCount] = []

    init(name: String) { self.name = name }

    func add(_ batch: FactTable) {
        // The counts leave the class while a batch is counted: one exclusive access per batch.
        var accepted: [AcceptedCount] = []
        swap(&accepted, &self.accepted)
        defer { swap(&accepted, &self.accepted) }
        for fact in batch {
            let body = Int(fact.record.awardingBody)
            // Awarding bodies are numbered on first sight, one after another.
            if body == accepted.count { accepted.append(AcceptedCount()) }
            accepted[body].add(fact)
        }
    }

    func finish(_ end: PassEnd) -> ReportTable {
        var acceptedByBody: [String: AcceptedCount] = [:]
        for (number, counted) in accepted.enumerated() {
            if let name = end.lastBatch?.awardingBodies[number] { acceptedByBody[name] = counted }
        }
        return Self.table(name: name, acceptedByBody: acceptedByBody, end: end)
    }

    /// The table of the accepted records per awarding body and the quarantine counts of `end`.
    static func table(name: String, acceptedByBody: [String: AcceptedCount], end: PassEnd) -> ReportTable {
        var rejected: [String: [String: Int]] = [:]
        for rejection in end.rejections {
            rejected[rejection.awardingBodyId ?? Codes.notApplicable, default: [:]][rejection.reasonCode, default: 0] += rejection.count
        }
        let bodies = Set(acceptedByBody.keys).union(rejected.keys)
        let rows = bodies.map { body -> ReportRow in
            let counted = acceptedByBody[body] ?? AcceptedCount()
            let reasons = rejected[body] ?? [:]
            let rejectedCount = reasons.values.reduce(0, +)
            // Every accepted version counts as received, not only the one stored now.
            let accepted = end.acceptedVersions[body] ?? counted.records
            var measures: [MeasureValue?] = [.count(accepted + rejectedCount), .count(accepted), .count(rejectedCount)]
            measures += CompletenessJob.reasons.map { .count(reasons[$0.rawValue] ?? 0) }
            measures += counted.withElement.map { .share($0, of: counted.records) }
            return ReportRow(dimensions: [body], measures: measures)
        }
        var table = ReportTable(name: name, title: "Completeness of institution exports", dimensions: ["awarding_body_id"],
                                measures: CompletenessJob.measures, disclosure: nil, rows: rows)
        table.sortRows()
        return table
    }
}

/// One awarding body's accepted records, and how many carry each optional element.
fileprivate struct AcceptedCount {
    var records = 0
    var withElement = Array(repeating: 0, count: CompletenessJob.optionalElements.count)

    mutating func add(_ fact: FactView) {
        records += 1
        for (position, element) in CompletenessJob.optionalElements.enumerated() where element.isPresent(fact) {
            withElement[position] += 1
        }
    }
}
