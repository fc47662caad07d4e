import Foundation
import MCAggregate
import MCModel
import MCStore
import Testing

/// `count` awards in DE, each to its own learner unless `learner` is given.
func awards(_ count: Int, month: Int, learner: String? = nil, prefix: String,
            stackability: Stackability? = nil) -> [CredentialFact] {
    (0..<count).map { n in
        CredentialFact(awardingBodyId: "HS", credentialId: "\(prefix)\(n)", learnerKey: learner ?? "\(prefix)-learner-\(n)",
                       countries: ["DE"], issueDate: CalendarDate(year: 2025, month: month, day: 1 + n % 28)!,
                       participationForm: .online, stackability: stackability)
    }
}

func catalogue(_ facts: [CredentialFact], k: Int = 5) throws -> [String: ReportTable] {
    let tables = try ReportCatalog.tables(in: ReportContext(credentials: facts, minCell: k, runner: JobRunner()))
    return Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
}

/// The catalogue is protected as a whole (reports.md, "Disclosure control"): the examples of
/// issue 7, each of which main published.
@Suite struct CatalogueDisclosureTests {
    @Test func learnersAreCheckedBehindEveryCellOfEveryReport() throws {
        let reports = try catalogue(awards(6, month: 3, learner: "one", prefix: "a"))
        #expect(lines(try #require(reports["quality"])) == ["DE,2025,_T,_T,,C", "DE,2025,internal,_Z,,C"])
        #expect(lines(try #require(reports["trend"])) == ["DE,2025-03,,C"])
        #expect(lines(try #require(reports["uptake"])).allSatisfy { $0.hasSuffix(",C") })
        #expect(lines(try #require(reports["principles"])) == ["DE,2025,,,,,,,,,,C"])
    }

    @Test func theMonthsOfTrendAreAGroupOfTheUptakeTotal() throws {
        let reports = try catalogue(awards(10, month: 1, prefix: "j") + awards(2, month: 2, prefix: "f"))
        #expect(lines(try #require(reports["uptake"])).first == "DE,2025,_T,_T,_T,12,12,0.00,")
        #expect(lines(try #require(reports["trend"])) == ["DE,2025-01,,D", "DE,2025-02,,C"])
    }

    @Test func suppressedCellsOfAGroupHoldAtLeastKTogether() throws {
        // Two small months (2 + 2) would give 4 back from the total: a third month goes too.
        let reports = try catalogue(awards(2, month: 1, prefix: "a") + awards(2, month: 2, prefix: "b")
                                + awards(7, month: 3, prefix: "c") + awards(30, month: 4, prefix: "d"))
        #expect(lines(try #require(reports["trend"])) == ["DE,2025-01,,C", "DE,2025-02,,C", "DE,2025-03,,D", "DE,2025-04,30,"])
    }

    @Test(arguments: 0..<12)
    func oneTotalOneStatusAcrossReports(seed: Int) throws {
        // The (country, year) total is one figure: the same values and status in every report.
        let reports = try catalogue(disclosureStore(seed: UInt64(seed)))
        var seen: [[String]: (report: String, status: CellStatus, credentials: String?)] = [:]
        for (name, table) in reports.sorted(by: { $0.key < $1.key }) where table.hasStatus && name != "trend" {
            let credentials = table.measures.firstIndex(of: .credentials)
            for row in table.rows where row.dimensions.dropFirst(2).allSatisfy({ $0 == Codes.total }) {
                let key = Array(row.dimensions.prefix(2))
                let value = credentials.flatMap { row.measures[$0]?.text }
                if let first = seen[key] {
                    #expect(first.status == row.status, "\(key): \(first.report) \(first.status) vs \(name) \(row.status)")
                    if let value, let other = first.credentials { #expect(value == other, "\(key) \(name)") }
                } else {
                    seen[key] = (name, row.status, value)
                }
            }
        }
        #expect(!seen.isEmpty)
    }

    @Test func theShareRuleWithholdsRepeatLearners() throws {
        // 61 learners, 4 of whom hold two awards: 4 would come back from 61 × 0.0656.
        var facts = awards(61, month: 5, prefix: "m", stackability: .stackable)
        facts += (0..<4).map { n in
            CredentialFact(awardingBodyId: "HS", credentialId: "r\(n)", learnerKey: "m-learner-\(n)", countries: ["DE"],
                           issueDate: CalendarDate(year: 2025, month: 5, day: 2)!, participationForm: .online, stackability: .stackable)
        }
        let stackability = try #require(try catalogue(facts)["stackability"])
        #expect(lines(stackability) == ["DE,2025,_T,65,61,,", "DE,2025,stackable,65,61,,"])
        #expect(stackability.rows.allSatisfy { $0.withheld == [2] })
        let published = try #require(try catalogue(facts, k: 4)["stackability"])
        #expect(lines(published) == ["DE,2025,_T,65,61,0.0656,", "DE,2025,stackable,65,61,0.0656,"])
    }

    @Test func theWholeCatalogueIsProtectedWhicheverReportsAreWritten() throws {
        let facts = awards(10, month: 1, prefix: "j") + awards(2, month: 2, prefix: "f")
        let context = ReportContext(credentials: facts, minCell: 5, runner: JobRunner())
        #expect(try ReportCatalog.tables(in: context).map(\.name) == ReportCatalog.all.map(\.name))
    }
}
