import Foundation
import MCAggregate
import MCModel
import MCStore
import MCTestSupport
import Testing

func fact(_ id: String, _ learner: String, _ countries: [String] = ["DE"], date: String = "2025-05-01",
          ects: Decimal? = 5, eqf: Int? = 6, form: ParticipationForm = .online) -> CredentialFact {
    CredentialFact(awardingBodyId: "HS", credentialId: id, learnerKey: learner, countries: countries,
                   issueDate: CalendarDate(iso: date)!, ects: ects, eqfLevel: eqf, participationForm: form)
}

/// Worked by hand: DE 2025 has 6 + 5 + 2 credentials; NL|BE one joint award in 2024.
let handFacts: [CredentialFact] = [
    fact("a1", "k1"), fact("a2", "k1"), fact("a3", "k2"), fact("a4", "k3"), fact("a5", "k4"), fact("a6", "k5"),
    fact("b1", "k6", ects: Decimal(string: "2.5"), form: .onsite), fact("b2", "k7", ects: Decimal(string: "2.5"), form: .onsite),
    fact("b3", "k8", ects: Decimal(string: "2.5"), form: .onsite), fact("b4", "k9", ects: Decimal(string: "2.5"), form: .onsite),
    fact("b5", "k10", ects: Decimal(string: "2.5"), form: .onsite),
    fact("c1", "k11", ects: nil, eqf: nil, form: .blended), fact("c2", "k12", ects: nil, eqf: nil, form: .blended),
    fact("j1", "k13", ["NL", "BE"], date: "2024-12-31", ects: 15, eqf: 7, form: .blended),
]

func csvLines(_ table: ReportTable) -> [String] {
    table.rows.map { row in
        (row.dimensions + row.measures.map { $0?.text ?? "" } + [row.status.rawValue]).joined(separator: ",")
    }
}

@Suite struct UptakeJobTests {
    @Test func countsByHandWithoutSuppression() throws {
        let table = try UptakeJob().run(in: ReportContext(credentials: handFacts, minCell: 1, runner: JobRunner()))
        #expect(table.dimensions == ["country", "year", "eqf_level", "ects_band", "participation_form"])
        #expect(table.measures.map(\.name) == ["credentials", "learners", "ects_total"])
        #expect(csvLines(table) == [
            "BE,2024,7,GE15,blended,1,1,15.00,",
            "BE,2024,_T,_T,_T,1,1,15.00,",
            "DE,2025,6,1-5,onsite,5,5,12.50,",
            "DE,2025,6,5-10,online,6,5,30.00,",
            "DE,2025,_T,_T,_T,13,12,42.50,",
            "DE,2025,_Z,_Z,blended,2,2,0.00,",
            "NL,2024,7,GE15,blended,1,1,15.00,",
            "NL,2024,_T,_T,_T,1,1,15.00,",
        ])
    }

    @Test func suppressesSmallCellsAndProtectsThem() throws {
        // Through the catalogue: principles' share_flexible (8 of 13) would give the blended cell
        // back from the online one; the share is withheld, not the online cell.
        let tables = try ReportCatalog.tables(in: ReportContext(credentials: handFacts, minCell: 5, runner: JobRunner()))
        let table = try #require(tables.first { $0.name == "uptake" })
        #expect(csvLines(table) == [
            "BE,2024,7,GE15,blended,,,,C",
            "BE,2024,_T,_T,_T,,,,C",
            "DE,2025,6,1-5,onsite,,,,D",
            "DE,2025,6,5-10,online,6,5,30.00,",
            "DE,2025,_T,_T,_T,13,12,42.50,",
            "DE,2025,_Z,_Z,blended,,,,C",
            "NL,2024,7,GE15,blended,,,,C",
            "NL,2024,_T,_T,_T,,,,C",
        ])
        let principles = try #require(tables.first { $0.name == "principles" })
        #expect(csvLines(principles).contains("DE,2025,13,12,0.0000,,,0.0000,,0.0000,,"))
    }

    @Test func sameResultWithOneJobOrMany() throws {
        var facts: [CredentialFact] = []
        let countries = ["DE", "FR", "NL", "BE", "IE", "GR", "AT"]
        var generator = SplitMix(seed: 42)
        for n in 0..<5000 {
            let c = countries[Int(generator.next() % 7)]
            facts.append(fact("x\(n)", "k\(generator.next() % 900)", generator.next() % 20 == 0 ? [c, "DE"] : [c],
                              date: "202\(4 + generator.next() % 2)-0\(1 + generator.next() % 9)-15",
                              ects: Decimal(Int(generator.next() % 20)), eqf: Int(generator.next() % 9) == 0 ? nil : Int(5 + generator.next() % 3),
                              form: ParticipationForm.allCases[Int(generator.next() % 5)]))
        }
        let one = try ReportCatalog.tables(in: ReportContext(credentials: facts, minCell: 5, runner: JobRunner(maxConcurrency: 1)))
        let many = try ReportCatalog.tables(in: ReportContext(credentials: facts, minCell: 5, runner: JobRunner(maxConcurrency: 8)))
        #expect(one == many)
        #expect(one[0].rows.count > 50)
    }

    @Test func totalsEqualTheSumOfTheirRows() throws {
        var generator = SplitMix(seed: 7)
        let facts = (0..<2000).map { n in
            fact("x\(n)", "k\(generator.next() % 300)", [["DE", "FR", "NL"][Int(generator.next() % 3)]],
                 ects: Decimal(Int(generator.next() % 16)), form: ParticipationForm.allCases[Int(generator.next() % 5)])
        }
        let table = try UptakeJob().run(in: ReportContext(credentials: facts, minCell: 1, runner: JobRunner()))
        var sums: [[String]: Int] = [:]
        var totals: [[String]: Int] = [:]
        for row in table.rows {
            guard case .count(let n)? = row.measures[0] else { continue }
            let key = Array(row.dimensions.prefix(2))
            if row.dimensions[2] == "_T" { totals[key] = n } else { sums[key, default: 0] += n }
        }
        #expect(sums == totals)
        #expect(totals.values.reduce(0, +) == 2000)
    }

    @Test(arguments: [("0.99", "LT1"), ("1", "1-5"), ("4.99", "1-5"), ("5", "5-10"), ("10", "10-15"),
                      ("14.5", "10-15"), ("15", "GE15"), ("60", "GE15"), ("0", "LT1")])
    func ectsBands(_ ects: String, _ band: String) {
        #expect(Codes.ectsBand(Decimal(string: ects)) == band)
        #expect(Codes.ectsBand(nil) == "_Z")
    }

    @Test func formatsDecimalsFixed() {
        #expect(DecimalFormat.fixed(Decimal(string: "12.5")!, places: 2) == "12.50")
        #expect(DecimalFormat.fixed(Decimal(string: "0.125")!, places: 2) == "0.13")
        #expect(DecimalFormat.fixed(Decimal(0), places: 2) == "0.00")
        #expect(DecimalFormat.fixed(Decimal(string: "1234567.891")!, places: 2) == "1234567.89")
    }
}

