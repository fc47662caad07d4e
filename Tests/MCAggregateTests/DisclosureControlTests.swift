import MCAggregate
import Testing

/// A table of one group: a total and detail cells with the given credential counts.
func group(_ counts: [Int], total: Int? = nil) -> ReportTable {
    var rows = [ReportRow(dimensions: ["DE", "2025", "_T"], measures: [.count(total ?? counts.reduce(0, +))])]
    for (index, count) in counts.enumerated() {
        rows.append(ReportRow(dimensions: ["DE", "2025", "c\(index)"], measures: [.count(count)]))
    }
    return ReportTable(name: "t", dimensions: ["country", "year", "cell"], measures: [.credentials],
                       disclosure: DisclosureLayout(credentialsMeasure: 0, learnersMeasure: nil), rows: rows)
}

func control(_ table: inout ReportTable, k: Int = 5) {
    DisclosureControl(threshold: k).apply(to: &table)
}

@Suite struct DisclosureControlTests {
    @Test func oneSmallCellGetsASecondarySuppression() {
        var table = group([2, 30, 9, 50])
        control(&table)
        #expect(table.rows.map(\.status) == [.published, .primary, .published, .secondary, .published])
        #expect(table.rows[1].measures == [nil])
        #expect(table.rows[3].measures == [nil])
        #expect(table.rows[0].measures == [.count(91)])
    }

    @Test func twoSmallCellsNeedNoSecondary() {
        var table = group([2, 3, 40])
        control(&table)
        #expect(table.rows.map(\.status) == [.published, .primary, .primary, .published])
    }

    @Test func aLoneSmallCellTakesTheTotalWithIt() {
        var table = group([6], total: 6)
        control(&table, k: 5)
        #expect(table.rows.map(\.status) == [.published, .published])
        var small = group([3], total: 12)
        control(&small)
        #expect(small.rows.map(\.status) == [.secondary, .primary])
    }

    @Test func smallTotalIsPrimary() {
        var table = group([1, 2])
        control(&table)
        #expect(table.rows.map(\.status) == [.primary, .primary, .primary])
    }

    @Test func learnersAloneCanMakeACellSmall() {
        let d = DisclosureControl(threshold: 5)
        #expect(d.isSmall(credentials: 10, learners: 3))
        #expect(!d.isSmall(credentials: 10, learners: 5))
        #expect(!d.isSmall(credentials: 0, learners: 0))
        #expect(!d.isSmall(credentials: nil, learners: nil))
        #expect(!DisclosureControl(threshold: 1).isSmall(credentials: 1, learners: 1))
    }

    @Test func thresholdOneDisablesSuppression() {
        var table = group([1, 30])
        control(&table, k: 1)
        #expect(table.rows.allSatisfy { $0.status == .published })
    }

    @Test func groupsAreIndependent() {
        var table = group([2, 30, 40])
        table.rows.append(ReportRow(dimensions: ["FR", "2025", "_T"], measures: [.count(70)]))
        table.rows.append(ReportRow(dimensions: ["FR", "2025", "c0"], measures: [.count(30)]))
        table.rows.append(ReportRow(dimensions: ["FR", "2025", "c1"], measures: [.count(40)]))
        control(&table)
        #expect(table.rows.suffix(3).allSatisfy { $0.status == .published })
        #expect(table.rows.prefix(4).map(\.status) == [.published, .primary, .secondary, .published])
    }

    @Test func suppressedCellsTogetherHoldAtLeastK() {
        // 2 + 2 would give 4 back from the total: the next-smallest cell goes too.
        var table = group([2, 2, 6, 40])
        control(&table)
        #expect(table.rows.map(\.status) == [.published, .primary, .primary, .secondary, .published])
    }

    @Test func learnersBehindACellCountWhenTheyAreNotPublished() {
        var table = group([6, 30])
        table.rows[1].counts = CellCounts(credentials: 6, learners: 1)
        control(&table)
        #expect(table.rows.map(\.status) == [.published, .primary, .secondary])
        var off = group([6, 30])
        off.rows[1].counts = CellCounts(credentials: 6, learners: 1)
        DisclosureControl(threshold: 5, policy: DisclosurePolicy(checksLearners: false)).apply(to: &off)
        #expect(off.rows.allSatisfy { $0.status == .published })
    }

    @Test func withoutATotalOnlyPrimaryApplies() {
        var table = ReportTable(name: "trend", dimensions: ["country", "month"], measures: [.credentials],
                                disclosure: DisclosureLayout(grouping: .months, credentialsMeasure: 0, learnersMeasure: nil),
                                rows: [ReportRow(dimensions: ["DE", "2025-01"], measures: [.count(2)]),
                                       ReportRow(dimensions: ["DE", "2025-02"], measures: [.count(20)])])
        control(&table)
        #expect(table.rows.map(\.status) == [.primary, .published])
    }
}
