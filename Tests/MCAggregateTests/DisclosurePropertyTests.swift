import MCAggregate
import MCStore
import MCTestSupport
import Testing

/// Laws of disclosure control, checked on many random stores and every report under control.
@Suite struct DisclosurePropertyTests {
    @Test(arguments: 0..<40)
    func noLoneSuppressedCellAndNoSmallPublishedCell(seed: Int) {
        var g = SplitMix(seed: UInt64(seed) &* 7919)
        let k = [2, 3, 5, 10][Int(g.next() % 4)]
        let facts = randomCredentials(count: 50 + Int(g.next() % 1500), seed: UInt64(seed), learners: 20 + Int(g.next() % 600))
            .map(CredentialFact.init)
        let context = ReportContext(credentials: facts, minCell: k, runner: JobRunner(maxConcurrency: 2))
        for job in ReportCatalog.all {
            let table = job.run(in: context)
            guard let layout = table.disclosure else { continue }
            // No published cell below the threshold.
            for row in table.rows where row.status == .published {
                if let c = layout.credentialsMeasure, case .count(let n)? = row.measures[c] { #expect(n == 0 || n >= k, "\(table.name) \(row)") }
                if let l = layout.learnersMeasure, case .count(let n)? = row.measures[l] { #expect(n == 0 || n >= k, "\(table.name) \(row)") }
            }
            // In every group whose total is published, suppressed cells never come alone.
            let groups = Dictionary(grouping: table.rows) { Array($0.dimensions.prefix(layout.groupLength)) }
            for (key, rows) in groups {
                let isTotal = { (row: ReportRow) in row.dimensions.dropFirst(layout.groupLength).allSatisfy { $0 == Codes.total } && row.dimensions.count > layout.groupLength }
                guard let total = rows.first(where: isTotal), total.status == .published else { continue }
                let suppressed = rows.filter { !isTotal($0) && $0.status.isSuppressed }.count
                #expect(suppressed != 1, "\(table.name) group \(key)")
            }
            // Every suppressed row lost its values.
            #expect(table.rows.filter { $0.status.isSuppressed }.allSatisfy { $0.measures.allSatisfy { $0 == nil } })
        }
    }

    @Test func totalsOfPublishedReportsEqualTheSumOfTheirRowsWithoutSuppression() {
        let facts = randomCredentials(count: 3000, seed: 99).map(CredentialFact.init)
        let context = ReportContext(credentials: facts, minCell: 1, runner: JobRunner())
        for job in [UptakeJob(), FieldsJob(), QualityJob(), StackabilityJob()] as [any ReportJob] {
            let table = job.run(in: context)
            var sums: [[String]: Int] = [:]
            var totals: [[String]: Int] = [:]
            for row in table.rows {
                guard case .count(let n)? = row.measures[0] else { continue }
                let key = Array(row.dimensions.prefix(2))
                if row.dimensions[2] == Codes.total { totals[key] = n } else { sums[key, default: 0] += n }
            }
            #expect(sums == totals, "\(table.name)")
        }
    }
}
