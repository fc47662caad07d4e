import Foundation
import MCTestSupport
import Testing

/// The built `mcstat` on a PostgreSQL store (cli.md, "Stores"): the same answers as on SQLite,
/// and the same safety when killed. Runs when the build has the PostgreSQL store (`make test`).
@Suite(.enabled(if: StoreBackend.all.contains(.postgresql), "this build has no PostgreSQL store"))
struct PostgresStoreCommandTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Every file of a report folder but its manifest (which names the store and the time).
    func reportFiles(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name != "manifest.json" {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return files
    }

    /// Every report of the catalogue, completeness included.
    static let everyReport = "uptake,fields,quality,stackability,learners,completeness,trend,principles"

    /// Imports with `ingest` (each argument list one `ingest`) into each kind of store, then
    /// writes the report set under a release hold (recorded in the store) and without one; the
    /// sets of both stores must be the same bytes, and `rejects` the same text.
    func expectTheSameReportSets(_ ingests: [[String]]) throws {
        var sets: [[String: Data]] = []
        var rejects: [String] = []
        for backend in StoreBackend.all {
            try backend.withStore(in: directory) { store in
                for arguments in ingests {
                    let ingest = try MCStatProcess.run(["ingest", "--quiet", "--store", store] + arguments, in: directory)
                    #expect(ingest.status == 0, "\(backend): \(ingest.stderr)")
                }
                var set: [String: Data] = [:]
                for (name, options) in [("held", ["--min-cell", "3"]), ("open", ["--hold", "0", "--only", Self.everyReport])] {
                    let out = directory.path("\(backend)-\(name)")
                    let report = try MCStatProcess.run(["report", "--quiet", "--store", store, "--out", out] + options, in: directory)
                    #expect(report.status == 0, "\(backend) \(name): \(report.stderr)")
                    for (file, bytes) in try reportFiles(out) { set[name + "/" + file] = bytes }
                }
                sets.append(set)
                let listed = try MCStatProcess.run(["rejects", "--store", store, "--format", "json"], in: directory)
                #expect(listed.status == 0, "\(backend): \(listed.stderr)")
                rejects.append(listed.stdout)
            }
        }
        #expect(sets.count == 2 && sets[0].count > 10)
        for name in Set(sets[0].keys).union(sets[1].keys).sorted() {
            #expect(sets[0][name] == sets[1][name], "\(name) differs between SQLite and PostgreSQL")
        }
        #expect(rejects[0] == rejects[1])
    }

    /// The sample exports (every reject reason, a re-sent correction, a joint award, a profiled
    /// export) give the same report sets on both stores.
    @Test func theSampleExportsGiveTheSameReportSetsOnBothStores() throws {
        defer { directory.remove() }
        let sampleData = Fixtures.packageRoot.appendingPathComponent("sample-data").path
        let folders = try FileManager.default.contentsOfDirectory(atPath: sampleData).filter { $0 != "at-fh-donau" }.sorted()
        let profile = Fixtures.packageRoot.appendingPathComponent("pipelines/profiles/at-fh-donau.yml").path
        try expectTheSameReportSets([folders.map { sampleData + "/" + $0 }, ["--profile", profile, sampleData + "/at-fh-donau"]])
    }

    /// 20,000 generated full-width records (the benchmark's generator: ~3 % invalid records of
    /// every reason, ~2 % corrections re-sent later in the same file, joint awards, revoked
    /// awards, ~3,000 institutions), imported twice (the second import skipped) give the same
    /// report sets on both stores.
    @Test func generatedRecordsGiveTheSameReportSetsOnBothStores() throws {
        defer { directory.remove() }
        let generator = Fixtures.packageRoot.appendingPathComponent("tools/bench/generate.py").path
        let made = try ProcessRunner.run("/usr/bin/env", ["python3", generator, "--profile", "full", "--formats", "csv", "20000", directory.url.path])
        #expect(made.status == 0, "\(made.stderr)")
        let file = directory.path("canonical-20000.csv")
        try expectTheSameReportSets([[file], [file]])
    }

    /// A run killed (kill -9) while its import sends records to PostgreSQL leaves nothing of the
    /// file; the server frees the writer lock with the session, and the next run is not turned
    /// away, marks the killed one interrupted and imports the file whole.
    @Test func aRunKilledDuringAnImportLeavesNothingAndIsMarkedInterrupted() throws {
        defer { directory.remove() }
        var text = CanonicalCSV.header.joined(separator: ",") + "\n"
        for n in 0..<12_000 { text += CanonicalCSV.row(["credential_id": "C-\(n)", "learner_id": "L-\(n % 997)"]) + "\n" }
        try directory.write("big.csv", text)
        try directory.write("p.yml", "name: p\nsources:\n  - path: big.csv\nreport: {out: rep, hold: 0}\n")
        try StoreBackend.postgresql.withStore(in: directory) { url in
            func counts() throws -> String {
                try ProcessRunner.output("/usr/bin/psql", [url, "-tAc", """
                    SELECT (SELECT count(*) FROM imports) || ' ' || (SELECT count(*) FROM credentials) || ' ' ||
                           (SELECT count(*) FROM credential_versions) || ' ' || (SELECT count(*) FROM quarantine)
                    """]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let killed = try MCStatProcess.run(["run", "--quiet", "--store", url, "p.yml"], in: directory,
                                               environment: ["MCSTAT_TEST_ABORT_AT": "postgres-staged:2", "SWIFT_BACKTRACE": "enable=no"])
            #expect(killed.status != 0)
            #expect(try counts() == "0 0 0 0")
            let again = try MCStatProcess.run(["run", "--quiet", "--store", url, "p.yml"], in: directory)
            #expect(again.status == 0, "\(again.stderr)")
            let runs = try MCStatProcess.run(["runs", "--store", url, "--format", "json"], in: directory)
            let outcomes = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]]).map { $0["outcome"] as? String }
            #expect(outcomes == ["succeeded", "interrupted"])
            #expect(try counts() == "1 12000 12000 0")
        }
    }

    /// `report` under a release hold (a writer: it records the release) killed (kill -9) before
    /// its set is swapped in: the server frees the writer lock with the session, the folder still
    /// holds the earlier set whole, and the next `report` publishes.
    @Test func aReportKilledUnderAHoldFreesTheLock() throws {
        defer { directory.remove() }
        try StoreBackend.postgresql.withStore(in: directory) { url in
            try MCStatProcess.ingestSampleData(into: url, in: directory)
            let out = directory.path("published")
            #expect(try MCStatProcess.run(["report", "--quiet", "--store", url, "--out", out], in: directory).status == 0)
            let before = try reportFiles(out)
            let killed = try MCStatProcess.run(["report", "--quiet", "--store", url, "--out", out, "--min-cell", "7"], in: directory,
                                               environment: ["MCSTAT_TEST_ABORT_AT": "report-staged", "SWIFT_BACKTRACE": "enable=no"])
            #expect(killed.status != 0)
            #expect(try reportFiles(out) == before)
            let again = try MCStatProcess.run(["report", "--quiet", "--store", url, "--out", out, "--min-cell", "7"], in: directory)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try reportFiles(out) != before)
        }
    }
}
