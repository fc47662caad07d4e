import Foundation
import MCTestSupport
import Testing

/// Through the built `mcstat`: the sample exports ingested into a new store (its first file goes
/// in without the versions' index, built at the end) and into a store `accounts add` made before
/// (every file the usual way) give the same records, versions, quarantine and report sets.
@Suite struct FirstImportReportTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func rows(_ store: String) throws -> [String] {
        try [
            "SELECT rowid, * FROM credentials ORDER BY rowid",
            "SELECT * FROM credential_versions ORDER BY id",
            "SELECT * FROM quarantine ORDER BY id",
            "SELECT id, path, sha256, read, accepted, rejected, warnings, stale FROM imports ORDER BY id",
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name",
        ].map { try ProcessRunner.output("/usr/bin/sqlite3", [directory.path(store), $0]) }
    }

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
        let rows = try rows("new.sqlite")
        #expect(rows[1].split(separator: "\n").count > 1_000)
        #expect(rows == (try self.rows("older.sqlite")))
        let reports = try files("new.sqlite-reports")
        #expect(reports.count > 10)
        #expect(reports == (try files("older.sqlite-reports")))
    }
}
