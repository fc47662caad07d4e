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
    /// What a credential costs in memory, its strings aside (they are kept once per distinct value).
    @Test func aCredentialTakesFortyEightBytes() {
        #expect(MemoryLayout<FactRecord>.stride == 48)
    }

    @Test func viewsReadBackTheFactsTheyWereBuiltFrom() {
        let facts = mixedCredentials.map(CredentialFact.init)
        let table = FactTable(facts: facts)
        #expect(table.count == facts.count)
        #expect(table.learnerCount == Set(facts.map(\.learnerKey)).count)
        for (fact, view) in zip(facts, table) {
            #expect(view.awardingBodyId == fact.awardingBodyId && view.countries == fact.countries)
            #expect(view.issueDate == fact.issueDate && view.ects == fact.ects && view.eqfLevel == fact.eqfLevel)
            #expect(view.assessmentKind == fact.assessmentKind && view.participationForm == fact.participationForm)
            #expect(view.qualityAssurance == fact.qualityAssurance && view.supervision == fact.supervision)
            #expect(view.stackability == fact.stackability && view.iscedF == fact.iscedF && view.birthYear == fact.birthYear)
            #expect(view.gender == fact.gender && view.citizenship == fact.citizenship && view.status == fact.status)
            #expect(view.hasPrerequisites == fact.hasPrerequisites && view.hasGrade == fact.hasGrade
                    && view.hasFurtherInfo == fact.hasFurtherInfo)
        }
        // Equal keys, equal learner ids; different keys, different ids.
        let pairs = Set(zip(facts.map(\.learnerKey), table.map(\.learnerId)).map { "\($0.0) \($0.1)" })
        #expect(pairs.count == table.learnerCount)
    }

    @Test func tablesDoNotDependOnTheOrderOfTheFacts() {
        let facts = mixedCredentials.map(CredentialFact.init)
        var generator = SplitMix(seed: 3)
        let shuffled = facts.shuffled(using: &generator)
        let tables = ReportCatalog.tables(in: ReportContext(credentials: facts, minCell: 5, runner: JobRunner()))
        #expect(ReportCatalog.tables(in: ReportContext(credentials: shuffled, minCell: 5, runner: JobRunner())) == tables)
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
        let fromStore = try ReportContext(store: store, minCell: 5, runner: JobRunner())
        let fromFacts = ReportContext(snapshot: StoreSnapshot(credentials: mixedCredentials.map(CredentialFact.init),
                                                              rejections: [RejectionCount(awardingBodyId: "HS-1", reasonCode: "missing_title", count: 1)]),
                                      minCell: 5, runner: JobRunner())
        #expect(fromStore.credentials.count == mixedCredentials.count)
        #expect(fromStore.credentials.learnerCount == Set(mixedCredentials.map(\.learnerKey)).count)
        #expect(fromStore.rejections == fromFacts.rejections)
        #expect(ReportCatalog.tables(in: fromStore) == ReportCatalog.tables(in: fromFacts))
    }
}
