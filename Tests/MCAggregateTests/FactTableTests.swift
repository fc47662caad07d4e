import Foundation
@testable import MCAggregate
import MCModel
import MCStore
import MCTestSupport
import Testing

/// 1,500 random credentials (400 learners spread over 7 awarding bodies), every 17th revoked.
let mixedCredentials: [Credential] = randomCredentials(count: 1500, seed: 7).enumerated().map { n, credential in
    var credential = credential
    if n % 17 == 0 { credential.status = .revoked }
    return credential
}

@Suite struct FactTableTests {
    /// What a credential costs in memory, its strings aside (they are kept once per distinct value):
    /// 48 bytes, and 16 for the two record keys of the cell key method.
    @Test func aCredentialTakesSixtyFourBytes() {
        #expect(MemoryLayout<FactRecord>.stride == 64)
    }

    /// Streams `facts` as a report pass sees them: batches in learner order.
    func batches(_ facts: [CredentialFact], size: Int) throws -> [FactTable] {
        var batches: [FactTable] = []
        _ = try FactSource.facts(StoreSnapshot(credentials: facts, rejections: [])).stream(batchSize: size) { batches.append($0) }
        return batches
    }

    @Test func viewsReadBackTheFactsTheyWereBuiltFromInLearnerOrder() throws {
        let facts = mixedCredentials.map(CredentialFact.init)
        let batches = try batches(facts, size: 64)
        #expect(batches.map(\.count) == Array(repeating: 64, count: facts.count / 64) + [facts.count % 64])
        let views = batches.flatMap { Array($0) }
        let inLearnerOrder = facts.enumerated().sorted { ($0.element.learnerKey, $0.offset) < ($1.element.learnerKey, $1.offset) }.map(\.element)
        #expect(views.count == facts.count)
        for (fact, view) in zip(inLearnerOrder, views) {
            #expect(view.awardingBodyId == fact.awardingBodyId && view.countries == fact.countries)
            #expect(view.issueDate == fact.issueDate && view.ects == fact.ects && view.eqfLevel == fact.eqfLevel)
            #expect(view.assessmentKind == fact.assessmentKind && view.participationForm == fact.participationForm)
            #expect(view.qualityAssurance == fact.qualityAssurance && view.supervision == fact.supervision)
            #expect(view.stackability == fact.stackability && view.iscedF == fact.iscedF && view.birthYear == fact.birthYear)
            #expect(view.gender == fact.gender && view.citizenship == fact.citizenship && view.status == fact.status)
            #expect(view.hasPrerequisites == fact.hasPrerequisites && view.hasGrade == fact.hasGrade
                    && view.hasFurtherInfo == fact.hasFurtherInfo)
        }
        // Learners numbered densely as the key changes, across batches: equal keys, equal ids;
        // different keys, different ids; one learner's credentials one after another.
        let learners = Set(facts.map(\.learnerKey)).count
        let ids = views.map(\.learnerId)
        #expect(ids == ids.sorted() && Set(ids) == Set(0..<Int32(learners)))
        let pairs = Set(zip(inLearnerOrder.map(\.learnerKey), ids).map { "\($0.0) \($0.1)" })
        #expect(pairs.count == learners)
    }

    /// Learners and repeat learners are counted as the learner changes, so a learner whose
    /// credentials straddle two batches must still count once: any batch size, the same tables.
    @Test func batchSizeDoesNotChangeTheTables() throws {
        let facts = mixedCredentials.map(CredentialFact.init)
        var context = ReportContext(credentials: facts, minCell: 5, runner: JobRunner())
        let tables = try ReportCatalog.tables(in: context)
        for size in [1, 3, 64, 1000] {
            context.batchSize = size
            #expect(try ReportCatalog.tables(in: context) == tables, "batch size \(size)")
        }
    }

    /// What a pass holds grows with the cells, not the credentials: a cross-tab keeps one entry
    /// per cell and per (country, signature). 20,000 credentials of one year on 365 different
    /// days, each with its own learner, fall into a handful of cells in every report.
    @Test func aCrossTabHoldsItsCellsNotItsCredentials() throws {
        let facts = (0..<20_000).map { n in
            CredentialFact(awardingBodyId: "HS", credentialId: "C\(n)", learnerKey: "L\(n)", countries: ["DE"],
                           issueDate: CalendarDate(year: 2025, month: 1 + n % 12, day: 1 + n % 28)!, participationForm: .online,
                           birthYear: 1990, gender: .female, citizenship: "DE")
        }
        let context = ReportContext(credentials: facts, minCell: 5, runner: JobRunner())
        // (learners is four cross-tabs side by side, each of them one of these.)
        for job in [UptakeJob(), FieldsJob(), QualityJob(), StackabilityJob(), TrendJob()] as [any ReportJob] {
            let tally = try #require(job.makeTally() as? CrossTabTally)
            _ = try context.pass([tally])
            #expect(tally.heldEntries <= 3 * 13, "\(job.name) holds \(tally.heldEntries) entries")
        }
    }

    @Test func tablesDoNotDependOnTheOrderOfTheFacts() throws {
        let facts = mixedCredentials.map(CredentialFact.init)
        var generator = SplitMix(seed: 3)
        let shuffled = facts.shuffled(using: &generator)
        let tables = try ReportCatalog.tables(in: ReportContext(credentials: facts, minCell: 5, runner: JobRunner()))
        #expect(try ReportCatalog.tables(in: ReportContext(credentials: shuffled, minCell: 5, runner: JobRunner())) == tables)
    }

    /// The store streams its credentials in learner order and numbers learners on the way; its
    /// key order (awarding body, credential id) interleaves learners, so numbering in that order
    /// would count one learner several times.
    @Test func theStoreGivesTheSameTablesAsItsFacts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store(path: directory.path("s.sqlite"))
        _ = try store.importFile(path: "a.csv", sha256: "aa", format: "csv", runId: nil) { sink in
            for (n, credential) in mixedCredentials.enumerated() {
                try sink.accept(credential, provenance: Provenance(file: "a.csv", record: n + 1, line: n + 2))
            }
            let issue = ValidationIssue(record: 9999, line: 10000, field: .title, code: .missingTitle, severity: .error, message: "m")
            try sink.quarantine(Rejection(provenance: Provenance(file: "a.csv", record: 9999, line: 10000), issue: issue,
                                          values: ["awarding_body_id": .text("HS-1")]))
        }
        let fromStore = ReportContext(store: store, minCell: 5, runner: JobRunner())
        let fromFacts = ReportContext(snapshot: StoreSnapshot(credentials: mixedCredentials.map(CredentialFact.init),
                                                              rejections: [RejectionCount(awardingBodyId: "HS-1", reasonCode: "missing_title", count: 1)]),
                                      minCell: 5, runner: JobRunner())
        let (storeCatalogue, factsCatalogue) = (try ReportCatalog.compute(in: fromStore), try ReportCatalog.compute(in: fromFacts))
        #expect(storeCatalogue.credentials == mixedCredentials.count)
        #expect(storeCatalogue.issued == mixedCredentials.count { $0.status == .issued })
        #expect(storeCatalogue.rejections == factsCatalogue.rejections)
        #expect(storeCatalogue.tables == factsCatalogue.tables)
    }
}
