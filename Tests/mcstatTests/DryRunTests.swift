import Foundation
import MCTestSupport
import Testing

/// `mcstat run --dry-run` (cli.md; issue 21): per source each file and whether the run would
/// import or skip it, decided as the run decides, and the report options in effect; nothing is
/// written — no store, no run record, no report, no key.
@Suite struct DryRunTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// The sample data and the pipelines folder (the nightly pipeline and its profiles), copied.
    func copySampleData() throws -> [String] {
        for folder in ["sample-data", "pipelines"] {
            try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent(folder), to: directory.url.appendingPathComponent(folder))
        }
        let root = directory.path("sample-data")
        return try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.contains(".") }.sorted().map { "sample-data/" + $0 }
    }

    func sha256(_ path: String) throws -> String {
        try ProcessRunner.output("/usr/bin/sha256sum", [directory.path(path)]).split(separator: " ")[0].description
    }

    @Test func aDryRunListsEveryFileImportOrSkipAndWritesNothing() throws {
        defer { directory.remove() }
        let files = try copySampleData()
        #expect(files.count == 9, "\(files)")
        let nightly = "pipelines/nightly.yml"
        let fresh = try MCStatProcess.run(["run", "--dry-run", "--store", "s.sqlite", nightly], in: directory)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stdout.contains("store s.sqlite does not exist yet"))
        for file in files { #expect(fresh.stdout.contains("  \(file): import\n"), "\(file)\n\(fresh.stdout)") }
        #expect(fresh.stdout.contains("source sample-data/de-tu-nordstadt/* (awarding bodies: DE-HRK-0815)\n"))
        #expect(fresh.stdout.contains("report: method suppression, min_cell 5, hold 10, formats csv,json,sdmx,html, "
                                      + "only uptake,fields,quality,stackability,learners,trend,principles, out reports\n"), "\(fresh.stdout)")
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.path("")).sorted()
        #expect(written == ["pipelines", "sample-data"], "nothing but the copies: \(written)")
        #expect(!FileManager.default.fileExists(atPath: directory.outsidePath("config/mcstat/key")), "the dry run made a key")

        let real = try MCStatProcess.run(["run", "--quiet", "--store", "s.sqlite", nightly], in: directory)
        #expect(real.status == 0, "\(real.stderr)")
        let store = try sha256("s.sqlite"), manifest = try sha256("reports/manifest.json")
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.path("")).sorted()
        _ = try directory.write("sample-data/ie-atlantic-tu/2026-export.csv", CanonicalCSV.file([["credential_id": "IE-NEW-1"]]))
        let again = try MCStatProcess.run(["run", "--dry-run", "--store", "s.sqlite", nightly, "--hold", "0", "--formats", "csv", "--method", "cell-key"],
                                          in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!again.stdout.contains("does not exist"))
        for file in files { #expect(again.stdout.contains("  \(file): skip (unchanged)\n"), "\(file)\n\(again.stdout)") }
        #expect(again.stdout.contains("  sample-data/ie-atlantic-tu/2026-export.csv: import\n"), "\(again.stdout)")
        #expect(again.stdout.contains("report: method cell-key, min_cell 5, hold 0 (none: for internal use), formats csv,"), "\(again.stdout)")
        // Byte for byte the same store and report set, no journal beside the store, no new run.
        #expect(try sha256("s.sqlite") == store && (try sha256("reports/manifest.json")) == manifest)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).sorted() == before)
        let runs = try MCStatProcess.run(["runs", "--store", "s.sqlite", "--format", "json"], in: directory)
        #expect((try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [Any])?.count == 1, "\(runs.stdout)")
    }
}
