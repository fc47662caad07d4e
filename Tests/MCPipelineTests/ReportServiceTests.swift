import Foundation
import MCIngest
import MCNormalize
import MCPipeline
import MCStore
import MCTestSupport
import Testing

/// Every report in every format from the sample-data store.
@Suite struct ReportServiceTests {
    let directory: TemporaryDirectory
    let store: Store

    init() throws {
        directory = try TemporaryDirectory()
        store = try Store(path: directory.path("reports.sqlite"))
        let service = IngestService(normalizer: Normalizer(pseudonymizer: Pseudonymizer(secret: Data(repeating: 5, count: 32))),
                                    progress: ProgressMeter(quiet: true))
        for input in SourceGlob.files([Fixtures.packageRoot.appendingPathComponent("sample-data").path + "/[bdfgin]*"], globbing: true) {
            _ = try service.ingest(input, into: store, runId: nil)
        }
    }

    func contents(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path(folder)) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory.path(folder + "/" + name)))
        }
        return files
    }

    @Test func oneJobAtATimeOrAllConcurrentGiveTheSameBytes() throws {
        _ = try ReportService.run(store: store, options: ReportOptions(outputDirectory: directory.path("serial"), jobs: 1))
        _ = try ReportService.run(store: store, options: ReportOptions(outputDirectory: directory.path("parallel"), jobs: 8))
        let serial = try contents("serial")
        let parallel = try contents("parallel")
        #expect(serial.keys.sorted() == parallel.keys.sorted())
        #expect(serial.count == 7 * 3 + 3)    // csv, json, sdmx per public report; structure.xml, index.html, manifest.json
        for (name, bytes) in serial where name != "manifest.json" {
            #expect(parallel[name] == bytes, "\(name)")
        }
    }

    @Test func manifestTracesEveryFileToTheStoreAndRules() throws {
        let written = try ReportService.run(store: store, options: ReportOptions(outputDirectory: directory.path("m"), minCell: 7,
                                                                                  only: ["uptake", "fields", "quality", "stackability", "learners", "completeness", "trend", "principles"], hold: 0))
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.path("m/manifest.json")))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["min_cell"] as? Int == 7)
        #expect((manifest["rule_version"] as? String)?.hasPrefix("mcstat-rules/") == true)
        #expect(manifest["generated_at"] is String)
        let storeInfo = try #require(manifest["store"] as? [String: Any])
        #expect(storeInfo["path"] as? String == store.path)
        #expect((storeInfo["issued"] as? Int ?? 0) > 2000)
        #expect((manifest["disclosure"] as? [String: Any])?["method"] as? String == "suppression")
        #expect((manifest["disclosure"] as? [String: Any])?["min_cell"] as? Int == 7)
        let reports = try #require(manifest["reports"] as? [[String: Any]])
        #expect(reports.map { $0["name"] as? String } == ["uptake", "fields", "quality", "stackability", "learners", "completeness", "trend", "principles"])
        for report in reports {
            let files = try #require(report["files"] as? [[String: String]])
            #expect(files.count == 3)
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file["path"]!))
                let expected = written.first { $0.path == file["path"] }?.sha256
                #expect(file["sha256"] == expected)
                #expect(file["sha256"]?.count == 64 && !bytes.isEmpty)
            }
        }
        // The SHA-256 of every listed file is that of its bytes on disk (sha256sum, not our code),
        // and the folder holds exactly the files listed.
        #expect(try ReportSetCheck.problems(in: directory.path("m")) == [])
    }

    @Test func theSetIsSwappedInWholeAndThePreviousKept() throws {
        let out = directory.path("pub")
        _ = try ReportService.run(store: store, options: ReportOptions(outputDirectory: out, minCell: 5, formats: ["csv"]))
        let first = try Data(contentsOf: URL(fileURLWithPath: out + "/uptake.csv"))
        _ = try ReportService.run(store: store, options: ReportOptions(outputDirectory: out, minCell: 9, formats: ["csv", "json"]))
        #expect(try ReportSetCheck.problems(in: out) == [])
        #expect(try ReportSetCheck.problems(in: out + ".previous") == [])
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + ".previous/uptake.csv")) == first)
        #expect(FileManager.default.fileExists(atPath: out + "/uptake.json"))
        #expect(!FileManager.default.fileExists(atPath: out + ".previous/uptake.json"))
        // Nothing is left beside it but the two sets.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).filter { $0.contains("pub") }.sorted()
                == ["pub", "pub.previous"])
        // A folder that is not a report set is never swapped away.
        try directory.write("mine/notes.txt", "keep me")
        #expect(throws: PipelineError.self) {
            try ReportService.run(store: store, options: ReportOptions(outputDirectory: directory.path("mine")))
        }
        #expect(FileManager.default.fileExists(atPath: directory.path("mine/notes.txt")))
    }

    @Test func onlyAndFormatsChooseWhatIsWritten() throws {
        _ = try ReportService.run(store: store, options: ReportOptions(outputDirectory: directory.path("o"), formats: ["json"], only: ["trend"]))
        #expect(try contents("o").keys.sorted() == ["manifest.json", "trend.json"])
    }
}
