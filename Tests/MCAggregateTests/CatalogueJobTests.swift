import Foundation
import MCAggregate
import MCModel
import MCStore
import Testing

/// A small store worked by hand: four learners in DE 2025, one joint DE|NL award, one revoked.
let catalogueFacts: [CredentialFact] = [
    CredentialFact(awardingBodyId: "HS", credentialId: "f1", learnerKey: "a", countries: ["DE"], issueDate: CalendarDate(iso: "2025-01-15")!,
                   ects: 5, participationForm: .online, qualityAssurance: .internal, stackability: .stackable, iscedF: "0688",
                   birthYear: 1990, gender: .female, citizenship: "DE", hasPrerequisites: true),
    CredentialFact(awardingBodyId: "HS", credentialId: "f2", learnerKey: "a", countries: ["DE"], issueDate: CalendarDate(iso: "2025-01-20")!,
                   participationForm: .online, qualityAssurance: .external, supervision: .supervisedOnsiteId, stackability: .stackable,
                   iscedF: "0613", birthYear: 1990, gender: .female, citizenship: "DE"),
    CredentialFact(awardingBodyId: "HS", credentialId: "f3", learnerKey: "b", countries: ["DE"], issueDate: CalendarDate(iso: "2025-02-03")!,
                   participationForm: .onsite, qualityAssurance: .internal, birthYear: 2003, gender: .male, citizenship: "FR"),
    CredentialFact(awardingBodyId: "HS", credentialId: "f4", learnerKey: "c", countries: ["DE"], issueDate: CalendarDate(iso: "2025-03-01")!,
                   participationForm: .online, qualityAssurance: .internal, stackability: .standAlone, iscedF: "0413"),
    CredentialFact(awardingBodyId: "NL-JOINT", credentialId: "f5", learnerKey: "d", countries: ["DE", "NL"], issueDate: CalendarDate(iso: "2025-03-30")!,
                   participationForm: .blended, qualityAssurance: .internalAndExternal, supervision: .unsupervisedNoId,
                   stackability: .stackable, iscedF: "0688", birthYear: 1950, gender: .other, citizenship: "NL", hasGrade: true),
    CredentialFact(awardingBodyId: "HS", credentialId: "f6", learnerKey: "e", countries: ["DE"], issueDate: CalendarDate(iso: "2025-03-02")!,
                   participationForm: .online, status: .revoked),
]

func catalogueContext(minCell: Int = 1) -> ReportContext {
    ReportContext(snapshot: StoreSnapshot(credentials: catalogueFacts, rejections: [
        RejectionCount(awardingBodyId: "HS", reasonCode: "bad_ects", count: 2),
        RejectionCount(awardingBodyId: nil, reasonCode: "missing_awarding_body_id", count: 1),
    ]), minCell: minCell, runner: JobRunner())
}

func lines(_ table: ReportTable) -> [String] {
    table.rows.map { row in
        (row.dimensions + row.measures.map { $0?.text ?? "" } + (table.hasStatus ? [row.status.rawValue] : [])).joined(separator: ",")
    }
}

@Suite struct CatalogueJobTests {
    @Test func fields() throws {
        let table = try FieldsJob().run(in: catalogueContext())
        #expect(table.dimensions == ["country", "year", "isced_broad"])
        #expect(lines(table) == [
            "DE,2025,04,1,1,", "DE,2025,06,3,2,", "DE,2025,_T,5,4,", "DE,2025,_Z,1,1,",
            "NL,2025,06,1,1,", "NL,2025,_T,1,1,",
        ])
    }

    @Test func quality() throws {
        let table = try QualityJob().run(in: catalogueContext())
        #expect(lines(table) == [
            "DE,2025,_T,_T,5,", "DE,2025,external,supervised-onsite-id,1,", "DE,2025,internal,_Z,3,",
            "DE,2025,internal+external,unsupervised-no-id,1,", "NL,2025,_T,_T,1,", "NL,2025,internal+external,unsupervised-no-id,1,",
        ])
    }

    @Test func stackabilityWithTheShareOfRepeatLearners() throws {
        let table = try StackabilityJob().run(in: catalogueContext())
        #expect(table.measures.map(\.name) == ["credentials", "learners", "share_learners_multiple"])
        #expect(lines(table) == [
            "DE,2025,_T,5,4,0.2500,", "DE,2025,_Z,1,1,0.0000,", "DE,2025,stackable,3,2,0.5000,", "DE,2025,stand-alone,1,1,0.0000,",
            "NL,2025,_T,1,1,0.0000,", "NL,2025,stackable,1,1,0.0000,",
        ])
    }

    @Test func learnerProfile() throws {
        let table = try LearnersJob().run(in: catalogueContext())
        #expect(table.dimensions == ["country", "year", "age_band", "gender", "citizenship"])
        // Two breakdowns, each with its margins: age band × gender (citizenship _T), and citizenship.
        #expect(lines(table) == [
            "DE,2025,35-44,F,_T,1,", "DE,2025,35-44,_T,_T,1,", "DE,2025,GE65,X,_T,1,", "DE,2025,GE65,_T,_T,1,",
            "DE,2025,LT25,M,_T,1,", "DE,2025,LT25,_T,_T,1,", "DE,2025,_T,F,_T,1,", "DE,2025,_T,M,_T,1,", "DE,2025,_T,X,_T,1,",
            "DE,2025,_T,_T,_T,4,", "DE,2025,_T,_T,_Z,1,", "DE,2025,_T,_T,domestic,1,", "DE,2025,_T,_T,foreign,2,",
            "DE,2025,_T,_Z,_T,1,", "DE,2025,_Z,_T,_T,1,", "DE,2025,_Z,_Z,_T,1,",
            "NL,2025,GE65,X,_T,1,", "NL,2025,GE65,_T,_T,1,", "NL,2025,_T,X,_T,1,", "NL,2025,_T,_T,_T,1,", "NL,2025,_T,_T,domestic,1,",
        ])
        #expect(!table.rows.contains { $0.dimensions[2...].allSatisfy { $0 != "_T" } }, "never the three crossed")
    }

    @Test func trend() throws {
        let table = try TrendJob().run(in: catalogueContext())
        #expect(lines(table) == ["DE,2025-01,2,", "DE,2025-02,1,", "DE,2025-03,2,", "NL,2025-03,1,"])
        // At k = 2: January is two awards of one learner, February one award (both C); together
        // they hold 3 of the published DE 2025 total of 5.
        let suppressed = try #require(try ReportCatalog.tables(in: catalogueContext(minCell: 2)).first { $0.name == "trend" })
        #expect(lines(suppressed) == ["DE,2025-01,,C", "DE,2025-02,,C", "DE,2025-03,2,", "NL,2025-03,,C"])
    }

    @Test func completenessIsNotSuppressed() throws {
        let table = try CompletenessJob().run(in: catalogueContext(minCell: 50))
        #expect(!table.hasStatus)
        let names = table.measures.map(\.name)
        func value(_ body: String, _ measure: String) -> String? {
            let row = table.rows.first { $0.dimensions == [body] }
            return row?.measures[names.firstIndex(of: measure)!]?.text
        }
        #expect(table.rows.map(\.dimensions) == [["HS"], ["NL-JOINT"], ["_Z"]])
        #expect(value("HS", "received") == "7")
        #expect(value("HS", "accepted") == "5")         // revoked records were accepted too
        #expect(value("HS", "rejected") == "2")
        #expect(value("HS", "rejected_bad_ects") == "2")
        #expect(value("HS", "share_prerequisites") == "0.2000")
        #expect(value("HS", "share_supervision") == "0.2000")
        #expect(value("HS", "share_stackability") == "0.6000")
        #expect(value("NL-JOINT", "share_grade") == "1.0000")
        #expect(value("_Z", "rejected_missing_awarding_body_id") == "1")
        #expect(value("_Z", "share_grade") == nil)
    }

    @Test func catalogueListsEveryReportOnce() {
        #expect(ReportCatalog.all.map(\.name) == ["uptake", "fields", "quality", "stackability", "learners", "completeness", "trend", "principles"])
    }
}
