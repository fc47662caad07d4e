import Foundation
import MCAggregate
import MCModel
import MCStore
import MCTestSupport
import Testing

/// `disclosureStore`'s credentials with record keys: a random 64-bit key per credential and one
/// per learner (the same learner, the same key).
func keyedStore(seed: UInt64) -> [CredentialFact] {
    func key(_ text: String) -> UInt64 {
        var g = SplitMix(seed: text.utf8.reduce(seed &* 0x100000001B3) { ($0 ^ UInt64($1)) &* 0x100000001B3 })
        return g.next()
    }
    return disclosureStore(seed: seed).map { fact in
        var keyed = fact
        keyed.recordKeys = RecordKeys(credential: key("rec " + fact.credentialId), learner: key("lrn " + fact.learnerKey))
        return keyed
    }
}

/// The catalogue of `facts` under the cell key method with the shipped table.
func perturbedCatalogue(_ facts: [CredentialFact], batchSize: Int = 8192, jobs: Int = 2) throws -> [ReportTable] {
    var context = ReportContext(credentials: facts, minCell: 5, runner: JobRunner(maxConcurrency: jobs))
    context.batchSize = batchSize
    context.method = .cellKey(.shipped)
    return try ReportCatalog.tables(in: context)
}

@Suite struct CellKeyPerturbationTests {
    /// Every (country, year) total is the shipped table's noise on its true count, drawn by the sum
    /// of the keys of exactly its credentials (its distinct learners), recomputed here from the
    /// records; it is one figure in every report that shows it.
    @Test(arguments: 0..<12)
    func totalsArePerturbedByTheKeysOfTheirOwnUnits(seed: Int) throws {
        let facts = keyedStore(seed: UInt64(seed))
        let tables = try perturbedCatalogue(facts)
        var expected: [[String]: (credentials: Int, learners: Int)] = [:]
        var units: [[String]: (count: Int, keys: UInt64, learners: [String: UInt64])] = [:]
        for fact in facts where fact.status == .issued {
            for country in Set(fact.countries) {
                let cell = [country, String(fact.issueDate.year)]
                var unit = units[cell] ?? (0, 0, [:])
                unit.count += 1
                unit.keys &+= fact.recordKeys!.credential
                unit.learners[fact.learnerKey] = fact.recordKeys!.learner
                units[cell] = unit
            }
        }
        for (cell, unit) in units {
            let learnerKeys = unit.learners.values.reduce(UInt64(0), &+)
            expected[cell] = (PerturbationTable.shipped.perturb(unit.count, cellKey: unit.keys),
                              PerturbationTable.shipped.perturb(unit.learners.count, cellKey: learnerKeys))
        }
        var checked = 0
        for table in tables where table.disclosure != nil && table.name != "trend" {
            let credentials = table.measures.firstIndex(of: .credentials)
            let learners = table.measures.firstIndex(of: .learners)
            for row in table.rows where table.name == "principles" || row.dimensions.dropFirst(2).allSatisfy({ $0 == "_T" }) {
                let want = try #require(expected[Array(row.dimensions.prefix(2))])
                if let credentials { #expect(row.measures[credentials] == .count(want.credentials), "\(table.name) \(row.dimensions)") }
                if let learners { #expect(row.measures[learners] == .count(want.learners), "\(table.name) \(row.dimensions)") }
                checked += 1
            }
            // A total perturbed to 0 is not published, like an empty cell.
            for (cell, want) in expected where (credentials != nil ? want.credentials : want.learners) == 0 {
                #expect(!table.rows.contains { row in
                    Array(row.dimensions.prefix(2)) == cell && (table.name == "principles" || row.dimensions.dropFirst(2).allSatisfy { $0 == "_T" })
                }, "\(table.name) \(cell)")
            }
        }
        #expect(checked > 0)
    }

    /// No `ects_total`, no status, no count of 1, no row perturbed to 0, shares within [0, 1]
    /// and, where a share is of the row's credentials, over the published credentials.
    @Test(arguments: 0..<12)
    func publishedRowsFollowTheMethod(seed: Int) throws {
        let tables = try perturbedCatalogue(keyedStore(seed: UInt64(seed)))
        for table in tables where table.disclosure != nil {
            #expect(!table.measures.contains(.ectsTotal))
            let layout = try #require(table.disclosure)
            let headline = try #require(layout.credentialsMeasure ?? layout.learnersMeasure)
            for row in table.rows {
                #expect(row.status == .published && row.keys == nil && row.counts == nil)
                #expect(row.count(headline)! > 0, "\(table.name) \(row.dimensions)")
                for (index, value) in row.measures.enumerated() {
                    switch value {
                    case .count(let n)?: #expect(n != 1 && n >= 0)
                    case .share(let numerator, let denominator)?:
                        #expect(numerator >= 0 && numerator <= denominator && denominator > 0)
                        if table.name == "principles", table.measures[index].share?.unit == .credentials {
                            #expect(.count(denominator) == row.measures[layout.credentialsMeasure!])
                        }
                    case .decimal?: Issue.record("\(table.name) publishes a decimal")
                    case nil: break
                    }
                }
            }
        }
        // Completeness names institutions and is not perturbed.
        #expect(tables.first { $0.name == "completeness" }?.rows.isEmpty == false)
    }

    /// The store read in batches of 7 or all at once, on one thread or two, gives the same tables:
    /// key sums are kept per cell, and a learner's key is added once per cell.
    @Test func batchesAndThreadsChangeNothing() throws {
        let facts = keyedStore(seed: 99)
        let whole = try perturbedCatalogue(facts, jobs: 1)
        #expect(try perturbedCatalogue(facts, batchSize: 7, jobs: 2) == whole)
    }

    /// Changing one record's key moves only the figures that count it.
    @Test func aRecordsKeyMovesOnlyItsCells() throws {
        var facts = keyedStore(seed: 5).filter { $0.status == .issued }
        let before = try perturbedCatalogue(facts)
        let changed = facts.indices.first { facts[$0].countries == ["DE"] } ?? 0
        let target = facts[changed]
        facts[changed].recordKeys!.credential &+= 1
        let after = try perturbedCatalogue(facts)
        let year = String(target.issueDate.year)
        let other = before.first { $0.name == "uptake" }!.rows.filter { $0.dimensions[0] != target.countries[0] || $0.dimensions[1] != year }
        let otherAfter = after.first { $0.name == "uptake" }!.rows.filter { $0.dimensions[0] != target.countries[0] || $0.dimensions[1] != year }
        #expect(other == otherAfter)
    }
}
