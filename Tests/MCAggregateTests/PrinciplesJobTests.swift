import Foundation
import MCAggregate
import MCModel
import MCStore
import Testing

func principleFact(_ id: String, _ learner: String, _ countries: [String] = ["DE"], date: String = "2025-04-01",
                   qa: QualityAssurance = .internal, ects: Decimal? = nil, eqf: Int? = nil, stackability: Stackability? = nil,
                   form: ParticipationForm = .onsite, kind: AssessmentKind = .writtenExam, born: Int? = nil,
                   status: CredentialStatus = .issued) -> CredentialFact {
    CredentialFact(awardingBodyId: "HS", credentialId: id, learnerKey: learner, countries: countries, issueDate: CalendarDate(iso: date)!,
                   ects: ects, eqfLevel: eqf, assessmentKind: kind, participationForm: form, qualityAssurance: qa,
                   stackability: stackability, birthYear: born, status: status)
}

/// Worked by hand. DE 2025 counts p1–p5 (p5 is a joint DE|NL award, p6 is revoked): 5 credentials,
/// 4 learners (a holds two).
///
/// | share | DE 2025 numerator / denominator | NL 2025 |
/// |---|---|---|
/// | external_qa (external, internal+external) | p1, p3, p5 → 3/5 | p5 → 1/1 |
/// | ects (stated) | p1, p3 → 2/5 | 0/1 |
/// | eqf (stated) | p1, p4, p5 → 3/5 | 1/1 |
/// | stackable | p1 → 1/5 | 0/1 |
/// | flexible (online, blended) | p1 online, p3 blended, p4 blended → 3/5 | 0/1 |
/// | prior_learning | p1, p5 → 2/5 | 1/1 |
/// | learners_25plus (of learners with a birth year) | a (35), d (75) of a, b (22), d → 2/3; c has none | d → 1/1 |
///
/// FR 2025 has one award to a learner without a birth year: 25+ has denominator 0.
let principleFacts: [CredentialFact] = [
    principleFact("p1", "a", qa: .external, ects: 5, eqf: 6, stackability: .stackable, form: .online, kind: .priorLearning, born: 1990),
    principleFact("p2", "a", stackability: .standAlone, born: 1990),
    principleFact("p3", "b", qa: .internalAndExternal, ects: 2, form: .blended, born: 2003),
    principleFact("p4", "c", eqf: 5, stackability: .standAlone, form: .blended),
    principleFact("p5", "d", ["DE", "NL"], qa: .external, eqf: 7, form: .onsite, kind: .priorLearning, born: 1950),
    principleFact("p6", "e", qa: .external, ects: 5, eqf: 6, stackability: .stackable, form: .online, kind: .priorLearning,
                  born: 1980, status: .revoked),
    principleFact("p7", "f", ["FR"]),
]

@Suite struct PrinciplesJobTests {
    @Test func columnsAreThoseOfReportsMd() {
        #expect(PrinciplesJob.measures.map(\.name) == [
            "credentials", "learners", "share_external_qa", "share_ects", "share_eqf", "share_stackable", "share_flexible",
            "share_prior_learning", "share_learners_25plus",
        ])
        #expect(Set(PrinciplesJob.measures.map(\.code)).count == PrinciplesJob.measures.count)
    }

    @Test func numeratorsAndDenominatorsByHand() throws {
        let table = try PrinciplesJob().run(in: ReportContext(credentials: principleFacts, minCell: 1, runner: JobRunner()))
        #expect(table.dimensions == ["country", "year"])
        #expect(lines(table) == [
            "DE,2025,5,4,0.6000,0.4000,0.6000,0.2000,0.6000,0.4000,0.6667,",
            "FR,2025,1,1,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,,",
            "NL,2025,1,1,1.0000,0.0000,1.0000,0.0000,0.0000,1.0000,1.0000,",
        ])
        let de = table.rows[0]
        #expect(de.measures[2] == .share(numerator: 3, denominator: 5))
        #expect(de.measures[8] == .share(numerator: 2, denominator: 3))
        #expect(table.rows[1].measures[8] == nil && table.rows[1].withheld.isEmpty)   // denominator 0: no share, not withheld
    }

    /// DE 2025: 20 awards to 20 learners; each withheld share has one count between 1 and 4.
    /// FR 2025: 10 awards, only 3 learners with a birth year (the 25+ denominator is small).
    static let withheldFacts: [CredentialFact] = (1...20).map { n in
        principleFact("d\(n)", "de-\(n)", qa: n <= 3 ? .external : .internal, ects: n <= 3 ? nil : 5, eqf: 6,
                      stackability: n <= 2 ? .stackable : nil, form: n <= 16 ? .online : .onsite, born: n == 20 ? 2005 : 1990)
    } + (1...10).map { n in
        principleFact("f\(n)", "fr-\(n)", ["FR"], qa: .external, ects: 5, eqf: 6, form: .online, born: n <= 3 ? 1970 : nil)
    }

    @Test func eachShareIsWithheldAtKFiveWhenOneOfItsCountsIsSmall() throws {
        let tables = try ReportCatalog.tables(in: ReportContext(credentials: Self.withheldFacts, minCell: 5, runner: JobRunner()))
        let table = try #require(tables.first { $0.name == "principles" })
        #expect(lines(table) == [
            // external_qa 3/20, ects difference 3, stackable 2/20, flexible difference 4, 25+ difference 1
            "DE,2025,20,20,,,1.0000,,,0.0000,,",
            // 25+ denominator 3
            "FR,2025,10,10,1.0000,1.0000,1.0000,0.0000,1.0000,0.0000,,",
        ])
        #expect(table.rows[0].withheld == [2, 3, 5, 6, 8])
        #expect(table.rows[1].withheld == [8])
        #expect(table.rows.allSatisfy { $0.status == .published })
    }

    /// FR 2025: 10 awards to 10 learners, 3 of them with a birth year and all under 25. The 25+
    /// share 0/3 has a numerator of 0 but a small denominator and difference: withheld.
    @Test func aSmallDenominatorWithholdsAShareNobodyMeets() throws {
        let facts = (1...10).map { n in
            principleFact("f\(n)", "fr-\(n)", ["FR"], qa: .external, ects: 5, eqf: 6, form: .online, born: n <= 3 ? 2005 : nil)
        }
        let tables = try ReportCatalog.tables(in: ReportContext(credentials: facts, minCell: 5, runner: JobRunner()))
        let table = try #require(tables.first { $0.name == "principles" })
        #expect(lines(table) == ["FR,2025,10,10,1.0000,1.0000,1.0000,0.0000,1.0000,0.0000,,"])
        #expect(table.rows[0].withheld == [8])
        #expect(try PrinciplesJob().run(in: ReportContext(credentials: facts, minCell: 1, runner: JobRunner())).rows[0].measures[8]
                == .share(numerator: 0, denominator: 3))
    }

    @Test func aSuppressedTotalTakesEveryShareWithIt() throws {
        let facts = (1...6).map { principleFact("x\($0)", "one", qa: .external, born: 1980) }
        let tables = try ReportCatalog.tables(in: ReportContext(credentials: facts, minCell: 5, runner: JobRunner()))
        let table = try #require(tables.first { $0.name == "principles" })
        #expect(lines(table) == ["DE,2025,,,,,,,,,,C"])
    }
}
