import Foundation
import MCNormalize
import MCPipeline
import MCStore
import MCTestSupport
import Testing

/// A pipeline source `inbox: DIR` reads what `mcstat serve` landed: each awarding body's folder
/// with that body bound to it, so a record of another body is rejected and attributed to the
/// institution that sent it; the service's staging folder is never read.
struct InboxSourceTests {
    static let sample = Fixtures.packageRoot.appendingPathComponent("sample-data/de-tu-nordstadt/2025-12-export.csv")

    @Test func eachAwardingBodysFolderIsImportedWithThatBodyBoundToIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var lines = try String(contentsOf: Self.sample, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // One record of the German file claims a Dutch awarding body.
        lines[1] = lines[1].replacingOccurrences(of: ",DE-HRK-0815,", with: ",NL-BRIN-21XY,")
        try directory.write("inbox/DE-HRK-0815/20261130T120000Z-0123456789abcdef.csv", lines.joined(separator: "\n"))
        try directory.write("inbox/.incoming/0a1b.part", "credential_id,learner_id\nhalf-written,STU-1\n")
        // The service's own folder of full validation reports is neither read nor named.
        try directory.write("inbox/.validation/0123456789abcdef.json", "{}")
        try directory.write("nightly.yml", "name: nightly\nsources:\n  - inbox: \(directory.path("inbox"))\n")
        let definition = try PipelineDefinition.load(path: directory.path("nightly.yml"))
        #expect(definition.sources.first?.inbox == true)
        let store = try Store(path: directory.path("mcstat.sqlite"))
        let runner = PipelineRunner(store: store, ingest: IngestService(normalizer: Normalizer(pseudonymizer: .ephemeral()),
                                                                         progress: ProgressMeter(quiet: true)))
        let summary = try runner.run(definition, path: directory.path("nightly.yml"),
                                     reportOptions: ReportOptions(outputDirectory: directory.path("reports")))
        // The half-written upload is not read, but named (issue 19: it was skipped in silence).
        #expect(summary.files.map(\.path) == [directory.path("inbox/DE-HRK-0815/20261130T120000Z-0123456789abcdef.csv"),
                                               directory.path("inbox/.incoming/0a1b.part")])
        #expect(summary.files.last?.notRead?.contains("half-written upload") == true)
        #expect(summary.files.last?.read == 0)
        #expect(!summary.files.contains { $0.path.contains(".validation") })
        let foreign = try store.quarantined().filter { $0.reasonCode == "awarding_body_not_allowed" }
        #expect(foreign.count == 1)
        #expect(foreign.first?.awardingBodyId == "DE-HRK-0815")
        #expect(try store.issuedCredentials().allSatisfy { $0.awardingBodyId == "DE-HRK-0815" })
    }

    @Test func anInboxSourceTakesNeitherAPathNorAwardingBodies() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (name, source) in [("both", "inbox: in\n    path: x"), ("bodies", "inbox: in\n    awarding_bodies: [DE-HRK-0815]")] {
            let path = try directory.write("\(name).yml", "name: n\nsources:\n  - \(source)\n")
            #expect(throws: PipelineError.self) { try PipelineDefinition.load(path: path) }
        }
    }
}
