import Foundation
import MCTestSupport
import Testing

/// Through the built `mcstat`: the sample exports ingested into a new store (its first file goes
/// in without the versions' index, built at the end) and into a store `accounts add` made before
/// (every file the usual way) give the same records, versions, quarantine and report sets.
@Suite struct FirstImportReportTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func files(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path(folder)) where name != "manifest.json" {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory.path(folder) + "/" + name))
        }
        return files
    }

    @Test func aNewStoreAndAnOlderOneGiveTheSameStoreAndReports() throws {
        let sample = Fixtures.packageRoot.appendingPathComponent("sample-data").path
        let inputs = try FileManager.default.contentsOfDirectory(atPath: sample).sorted()
            .filter { $0 != "at-fh-donau" && !$0.hasPrefix(".") }.map { sample + "/" + $0 }
        let made = try MCStatProcess.run(["accounts", "add", "--role", "analyst", "--store", "older.sqlite"], in: directory)
        #expect(made.status == 0, "\(made.stderr)")
        for store in ["new.sqlite", "older.sqlite"] {
            let ingest = try MCStatProcess.run(["ingest", "--quiet", "--store", store] + inputs, in: directory)
            #expect(ingest.status == 0, "\(ingest.stderr)")
            let report = try MCStatProcess.run(["report", "--store", store, "--out", store + "-reports"], in: directory)
            #expect(report.status == 0, "\(report.stderr)")
        }
        let rows = try StoreDump.rows(directory.path("new.sqlite"))
        #expect(rows[2].split(separator: "\n").count > 1_000)
        #expect(rows == (try StoreDump.rows(directory.path("older.sqlite"))))
        let reports = try files("new.sqlite-reports")
        #expect(reports.count > 10)
        #expect(reports == (try files("older.sqlite-reports")))
    }
}
