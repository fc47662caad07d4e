import Foundation
import MCIngest
import MCNormalize
import MCPipeline
import MCStore
import MCTestSupport
import Testing

/// End to end on the committed sample-data: ingest, store, report.
@Suite struct NightlyPipelineTests {
    let directory: TemporaryDirectory
    let sampleData = Fixtures.packageRoot.appendingPathComponent("sample-data").path

    init() throws { directory = try TemporaryDirectory() }

    func service() -> IngestService {
        IngestService(normalizer: Normalizer(pseudonymizer: Pseudonymizer(secret: Data(repeating: 3, count: 32))),
                      progress: ProgressMeter(quiet: true))
    }

    /// Ingests sample-data as the nightly pipeline lists it (each source with its profile).
    func ingestSampleData(into store: Store) throws -> [FileReport] {
        let root = Fixtures.packageRoot.path
        let nightly = try PipelineDefinition.load(path: root + "/pipelines/nightly.yml")
        var reports: [FileReport] = []
        for source in nightly.sources {
            let profile = try source.profile.map { try ProfileLoader.load($0, directories: [root + "/pipelines/profiles"]) }
            for input in SourceGlob.files([root + "/" + source.path], globbing: true) {
                reports.append(try service().ingest(input, profile: profile, policy: source.policy, into: store, runId: nil))
            }
        }
        return reports
    }

    /// Every table's rows, as text, except import timestamps.
    func dump(_ path: String) throws -> String {
        try ProcessRunner.output("/usr/bin/sqlite3", [path, """
            SELECT * FROM credentials ORDER BY awarding_body_id, credential_id;
            SELECT * FROM quarantine ORDER BY id;
            SELECT id, path, sha256, format, read, accepted, rejected, warnings FROM imports ORDER BY id;
            """])
    }

    @Test func everyFileReadIsAcceptedOrRejected() throws {
        let store = try Store(path: directory.path("a.sqlite"))
        let reports = try ingestSampleData(into: store)
        #expect(reports.count == 9)
        #expect(Set(reports.compactMap(\.format)) == ["csv", "elm-xml", "jsonl"])
        for report in reports {
            #expect(report.fatal == nil)
            #expect(report.read == report.accepted + report.rejected, "\(report.path)")
            #expect(report.read > 0)
        }
        let imports = try store.imports()
        #expect(imports.map(\.read) == reports.map(\.read))
        let stored = try store.issuedCredentials().count
        let quarantined = try store.quarantined().count
        #expect(quarantined == reports.map(\.rejected).reduce(0, +))
        #expect(stored < reports.map(\.accepted).reduce(0, +))   // the correction replaced one; revoked ones are not counted
        #expect(reports.map(\.read).reduce(0, +) >= 2000)
        // Every reason code of the canonical rules occurs in the sample.
        let codes = Set(try store.quarantined().map(\.reasonCode))
        for code in ["missing_credential_id", "missing_title", "missing_learner_id", "missing_issuer_country",
                     "missing_awarding_body_id", "missing_issue_date", "missing_learning_outcomes",
                     "missing_ects_and_workload_hours", "missing_assessment_type", "missing_participation_form",
                     "missing_quality_assurance", "bad_issuer_country", "bad_issue_date", "bad_ects",
                     "bad_workload_hours", "bad_eqf_level", "bad_participation_form", "bad_quality_assurance"] {
            #expect(codes.contains(code), "\(code)")
        }
    }

    @Test func everyInstitutionFolderDeclaresItsAwardingBodies() throws {
        let nightly = try PipelineDefinition.load(path: Fixtures.packageRoot.path + "/pipelines/nightly.yml")
        for source in nightly.sources {
            #expect(source.awardingBodies?.count == 1, "\(source.path)")
        }
        let store = try Store(path: directory.path("bodies.sqlite"))
        _ = try ingestSampleData(into: store)
        #expect(try store.quarantined().filter { $0.reasonCode == "awarding_body_not_allowed" }.isEmpty)
        // Every stored record sits under the awarding body its folder declares.
        let declared = Set(nightly.sources.compactMap { $0.awardingBodies?.first })
        #expect(Set(try store.issuedCredentials().map(\.awardingBodyId)) == declared)
    }

    @Test func theResentCorrectionReplacesTheEarlierRecord() throws {
        let store = try Store(path: directory.path("c.sqlite"))
        _ = try ingestSampleData(into: store)
        let correction = try String(contentsOfFile: sampleData + "/de-tu-nordstadt/2025-12-export.csv", encoding: .utf8)
        let corrected = correction.split(separator: "\n")[1].split(separator: ",")
        let id = String(corrected[0])
        let fact = try #require(try store.issuedCredentials().first { $0.credentialId == id })
        #expect(fact.ects == 6)
    }

    @Test func ingestingTwiceGivesTheSameStoreAndTheSameReport() throws {
        let path = directory.path("twice.sqlite")
        let store = try Store(path: path)
        let first = try ingestSampleData(into: store)
        #expect(first.allSatisfy { $0.fatal == nil && $0.skipped == false }, "\(first.filter { $0.fatal != nil || $0.skipped != false }.map { "\($0.path): \(String(describing: $0.fatal))" })")
        let options = ReportOptions(outputDirectory: directory.path("r1"))
        _ = try ReportService.run(store: store, options: options)
        let before = try dump(path)
        let firstReport = try Data(contentsOf: URL(fileURLWithPath: directory.path("r1/uptake.csv")))

        let again = try ingestSampleData(into: store)
        #expect(again.allSatisfy { $0.skipped == true && $0.read == 0 },
                "not skipped: \(again.filter { $0.skipped != true || $0.read != 0 }.map { "\($0.path) read \($0.read) fatal \(String(describing: $0.fatal))" })")
        _ = try ReportService.run(store: store, options: ReportOptions(outputDirectory: directory.path("r2"), jobs: 1))
        #expect(try dump(path) == before)
        let secondReport = try Data(contentsOf: URL(fileURLWithPath: directory.path("r2/uptake.csv")))
        #expect(secondReport == firstReport)
        #expect(String(decoding: firstReport, as: UTF8.self).hasPrefix(
            "country,year,eqf_level,ects_band,participation_form,credentials,learners,ects_total,status\n"))
    }

    @Test func theStoreFileHoldsNoClearLearnerId() throws {
        let path = directory.path("clear.sqlite")
        let store = try Store(path: path)
        _ = try ingestSampleData(into: store)
        _ = try ReportService.run(store: store, options: ReportOptions(outputDirectory: directory.path("r")))
        // Every learner id in the sample, then every byte of the store (and its WAL).
        var ids = Set<String>()
        for case .success(let file) in SourceGlob.files([sampleData], globbing: false) {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file.path)), as: UTF8.self)
            for match in text.matches(of: /STU-\d{6}/) { ids.insert(String(match.output)) }
        }
        #expect(ids.count > 1000)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes.append(wal) }
        let content = String(decoding: bytes, as: UTF8.self)
        #expect(content.contains("STU-") == false)
        let reports = try String(contentsOfFile: directory.path("r/uptake.csv"), encoding: .utf8)
        #expect(!reports.contains("STU-"))
    }

    @Test func aFileThatCannotBeReadLeavesNoTrace() throws {
        let store = try Store(path: directory.path("bad.sqlite"))
        let huge = String(repeating: "x", count: 70 * 1024 * 1024)
        let path = try directory.write("runaway.csv", CanonicalCSV.file([[:]]) + "C-9,\"" + huge)
        let report = try service().ingest(InputFile(path: path), into: store, runId: nil)
        #expect(report.fatal?.code == "malformed_file")
        #expect(report.fatal?.line == 3)
        #expect(report.read == 0)
        #expect(try store.issuedCredentials().isEmpty)
        #expect(try store.imports().isEmpty)
    }

    @Test func runsThePipelineFileAndRecordsTheRun() throws {
        try directory.write("profiles/at-fh-donau.yml", String(contentsOfFile: Fixtures.packageRoot.path + "/pipelines/profiles/at-fh-donau.yml", encoding: .utf8))
        let pipeline = try directory.write("p.yml", """
            name: test
            sources:
              - path: \(sampleData)/[bdfgin]*/*
              - path: \(sampleData)/at-fh-donau/*
                profile: at-fh-donau
              - path: \(directory.path("missing.csv"))
            report:
              out: \(directory.path("out"))
              min_cell: 5
            """)
        let store = try Store(path: directory.path("run.sqlite"))
        let summary = try PipelineRunner(store: store, ingest: service())
            .run(try PipelineDefinition.load(path: pipeline), path: pipeline, reportOptions: ReportOptions(outputDirectory: directory.path("out")))
        #expect(summary.files.count == 10)
        #expect(summary.files.filter { $0.fatal != nil }.count == 1)
        #expect(summary.outcome == "completed-with-errors")
        #expect(summary.files.last?.fatal?.code == "unreadable")
        #expect(FileManager.default.fileExists(atPath: directory.path("out/uptake.csv")))
        let runs = try store.runs()
        #expect(runs.count == 1 && runs[0].outcome == "completed-with-errors")
        #expect(try store.imports().allSatisfy { $0.runId == summary.runId })
        #expect(try store.quarantined(runId: summary.runId).count == summary.totals.rejected)
    }

    @Test func aSecondRunOnTheSameStoreIsRefused() throws {
        let store = directory.path("locked.sqlite")
        let lock = try WriterLock(store: store, command: "run nightly.yml")
        do {
            _ = try WriterLock(store: store, command: "ingest")
            Issue.record("a second writer took the lock")
        } catch {
            guard case .storeBusy(_, let holder) = error else { Issue.record("\(error)"); return }
            #expect(holder.hasPrefix("pid \(getpid()), run nightly.yml, since 20"))
        }
        withExtendedLifetime(lock) {}
    }
}
