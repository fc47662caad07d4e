import Foundation
import MCTestSupport
import Testing

/// `--method cell-key` end to end, through the built `mcstat`: record keys made at ingest and
/// checked against the key file, every published count recomputed by the ONS
/// `cell-key-perturbation` package (the oracle, from PyPI), the outputs' marks, consistency, and
/// stores whose records predate record keys.
@Suite struct CellKeyMethodTests {
    let directory: TemporaryDirectory
    let key: String
    let root = Fixtures.packageRoot

    init() throws {
        directory = try TemporaryDirectory()
        // Never in the store's folder (cli.md: such a key is refused).
        key = directory.outsidePath("ckm.key")
        FileManager.default.createFile(atPath: key, contents: Data((0..<32).map { UInt8($0 * 7 % 251) }),
                                       attributes: [.posixPermissions: 0o600])
    }

    /// The sample data, ingested into `store` (the Austrian export through its profile).
    func ingestSample(into store: String) throws {
        let sample = root.appendingPathComponent("sample-data").path
        let folders = try FileManager.default.contentsOfDirectory(atPath: sample).sorted().filter { $0 != "at-fh-donau" && !$0.hasPrefix(".") }
        let plain = try MCStatProcess.run(["ingest", "--quiet", "--key-file", key, "--store", store] + folders.map { sample + "/" + $0 }, in: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        let austrian = try MCStatProcess.run(["ingest", "--quiet", "--key-file", key, "--store", store,
                                              "--profile", root.appendingPathComponent("pipelines/profiles/at-fh-donau.yml").path,
                                              sample + "/at-fh-donau"], in: directory)
        #expect(austrian.status == 0, "\(austrian.stderr)")
    }

    func report(_ store: String, _ out: String, _ extra: [String] = []) throws -> ProcessRunner.Result {
        try MCStatProcess.run(["report", "--store", store, "--out", out, "--method", "cell-key"] + extra, in: directory)
    }

    func files(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name != "manifest.json" {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return files
    }

    /// Every count of every report equals what the ONS package computes from the same record keys
    /// (mod 4096) and the shipped table in its `pcv,ckey,pvalue` form; the stored keys are the
    /// HMACs of the key file.
    @Test func everyPublishedCountIsTheONSPackages() throws {
        let store = directory.path("s.sqlite")
        try ingestSample(into: store)
        let result = try report(store, directory.path("out"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try oracleAgrees(store: store, out: directory.path("out")) > 1_000)
    }

    /// Counts above 750, where the package reuses the rows 501 to 750 of its table (mcstat the
    /// table's last row), agree too.
    @Test func largeCountsAgreeWithTheONSPackage() throws {
        let rows = (0..<1_700).map { index -> [String: String] in
            ["credential_id": "BIG-\(index)", "learner_id": "L-\(index % 900)", "issue_date": "2025-0\(1 + index % 9)-14",
             "participation_form": index % 3 == 0 ? "onsite" : "online", "learner_gender": index % 2 == 0 ? "F" : "M"]
        }
        let file = try directory.write("big.csv", CanonicalCSV.file(rows))
        let store = directory.path("big.sqlite")
        #expect(try MCStatProcess.run(["ingest", "--quiet", "--key-file", key, "--store", store, file], in: directory).status == 0)
        #expect(try report(store, directory.path("big")).status == 0)
        let totals = try CSVTable(path: directory.path("big/uptake.csv")).rows.filter { $0["eqf_level"] == "_T" }
        #expect(totals.count == 1 && (Int(totals[0]["credentials"] ?? "") ?? 0) > 1_600 && (Int(totals[0]["learners"] ?? "") ?? 0) > 850)
        #expect(try oracleAgrees(store: store, out: directory.path("big")) > 20)
    }

    /// Runs the ONS oracle on a store and its published folder; returns how many counts agreed.
    func oracleAgrees(store: String, out: String) throws -> Int {
        let python = try Fixtures.venvPython("ckm-venv", madeBy: "setup-ckm-venv.sh")
        let expanded = directory.path("ptable-pcv.csv")
        _ = try ProcessRunner.output("/usr/bin/env", ["python3", root.appendingPathComponent("tools/make-ptable.py").path, "--expand",
                                                      root.appendingPathComponent("pipelines/ptables/ckm-default.txt").path, "--out", expanded])
        let oracle = try ProcessRunner.run(python, [root.appendingPathComponent("tools/ckm-oracle.py").path, store,
                                                    out, expanded, "--key-file", key])
        #expect(oracle.status == 0, "\(oracle.stdout)\(oracle.stderr)")
        #expect(oracle.stdout.contains("record keys: all"))
        let agreed = oracle.stdout.split(separator: "\n").first { $0.hasPrefix("agreed: ") }
        return agreed.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
    }

    /// The outputs say what was done: no `ects_total`, no count of 1, `CONF_STATUS` `F` and an
    /// annotated dataflow in SDMX, the manifest's `disclosure` block with the table's SHA-256, and
    /// words (never the parameters) on the page. Each (country, year) total is one figure in every
    /// report.
    @Test func outputsSayTheFiguresArePerturbed() throws {
        let store = directory.path("s.sqlite")
        try ingestSample(into: store)
        let out = directory.path("out")
        #expect(try report(store, out).status == 0)
        let uptake = try CSVTable(path: out + "/uptake.csv")
        #expect(uptake.header == ["country", "year", "eqf_level", "ects_band", "participation_form", "credentials", "learners", "status"])
        var totals: [String: [String: String]] = [:]
        for name in ["uptake", "fields", "quality", "stackability", "learners", "trend", "principles"] {
            let table = try CSVTable(path: out + "/\(name).csv")
            #expect(!table.rows.isEmpty)
            let headline = try #require(table.header.first { ["credentials", "learners"].contains($0) })
            for row in table.rows {
                #expect((Int(row[headline] ?? "") ?? 0) > 0, "\(name) publishes a row perturbed to 0: \(row)")
                for measure in ["credentials", "learners"] {
                    guard let value = row[measure] else { continue }
                    #expect(Int(value) != nil && value != "1", "\(name) publishes \(measure) '\(value)': \(row)")
                }
                #expect(row["status"] == "", "\(name) \(row)")
                for (column, value) in row where column.hasPrefix("share_") && !value.isEmpty {
                    let share = try #require(Double(value))
                    #expect(share >= 0 && share <= 1)
                }
                // The (country, year) total: the same figure wherever it is published.
                let dimensions = table.header.prefix { !["credentials", "learners"].contains($0) }
                let isTotal = name == "principles" || (dimensions.count > 2 && dimensions.dropFirst(2).allSatisfy { row[$0] == "_T" })
                guard isTotal, let country = row["country"], let year = row["year"] else { continue }
                for measure in ["credentials", "learners"] {
                    guard let value = row[measure] else { continue }
                    let cell = "\(country) \(year) \(measure)"
                    if let seen = totals[cell]?.first?.value { #expect(seen == value, "\(cell) in \(name) and \(totals[cell]!)") }
                    totals[cell, default: [:]][name] = value
                }
            }
        }
        #expect(totals.values.contains { $0.count >= 4 })
        let sdmx = try String(contentsOfFile: out + "/uptake.sdmx.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(!sdmx.isEmpty && sdmx.allSatisfy { $0.hasSuffix(",A,F") })
        #expect(!sdmx.contains { $0.contains(",ECTS,") })
        let structure = try String(contentsOfFile: out + "/structure.xml", encoding: .utf8)
        #expect(structure.components(separatedBy: "<com:AnnotationType>DISCLOSURE_METHOD</com:AnnotationType>").count - 1 == 7)
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as? [String: Any])
        let disclosure = try #require(manifest["disclosure"] as? [String: Any])
        #expect(disclosure["method"] as? String == "cell-key")
        let shipped = try ProcessRunner.output("/usr/bin/sha256sum", [root.appendingPathComponent("pipelines/ptables/ckm-default.txt").path])
        #expect(disclosure["ptable_sha256"] as? String == String(shipped.prefix(64)))
        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(page.contains("slightly perturbed") && page.contains("not additive"))
        for parameter in ["1.08", "D = 2", "D=2", "variance", "ptable", "4096"] { #expect(!page.contains(parameter), "\(parameter)") }
    }

    /// The same store twice, a store rebuilt from the same files with the same key, and a re-sent
    /// unchanged export give the same bytes.
    @Test func sameRecordsSameFigures() throws {
        let first = directory.path("a.sqlite"), second = directory.path("b.sqlite")
        try ingestSample(into: first)
        try ingestSample(into: second)
        // completeness (not in the public set) is asked for by name: it shows the re-sent export.
        let all = ["--only", "uptake,fields,quality,stackability,learners,completeness,trend,principles"]
        #expect(try report(first, directory.path("a1"), all).status == 0)
        #expect(try report(first, directory.path("a2"), all).status == 0)
        #expect(try report(second, directory.path("b"), all).status == 0)
        let a1 = try files(directory.path("a1"))
        #expect(a1 == (try files(directory.path("a2"))))
        #expect(a1 == (try files(directory.path("b"))))
        // An export re-sent under another name (so not skipped by its SHA-256): every record unchanged.
        let original = root.appendingPathComponent("sample-data/de-tu-nordstadt/2025-12-export.csv").path
        let copy = directory.path("resent.csv")
        try (try Data(contentsOf: URL(fileURLWithPath: original)) + Data("\n".utf8)).write(to: URL(fileURLWithPath: copy))
        let resent = try MCStatProcess.run(["ingest", "--quiet", "--key-file", key, "--store", first, copy], in: directory)
        #expect(resent.status == 0, "\(resent.stderr)")
        #expect(try report(first, directory.path("a3"), all).status == 0)
        // Only completeness (the export's rejected record was received again) and the page that
        // shows it differ.
        let perturbed = { (files: [String: Data]) in files.filter { !$0.key.hasPrefix("completeness.") && $0.key != "index.html" } }
        let a3 = try files(directory.path("a3"))
        #expect(perturbed(a1) == perturbed(a3))
        #expect(a1["completeness.csv"] != a3["completeness.csv"])
    }

    /// Records stored before record keys were made: `report --method cell-key` (which has no key
    /// file) refuses, naming the fix; the next ingest, even of a file already imported, gives them
    /// their keys, and the figures are then those of a store that always had them.
    @Test func recordsStoredBeforeKeysGetThemAtTheNextIngest() throws {
        let store = directory.path("old.sqlite")
        try ingestSample(into: store)
        #expect(try report(store, directory.path("before")).status == 0)
        _ = try ProcessRunner.output("/usr/bin/env", ["python3", "-c", """
            db = __import__("sqlite3").connect(__import__("sys").argv[1])
            db.execute("UPDATE credentials SET record_key = NULL, learner_record_key = NULL")
            db.commit()
            """, store])
        let refused = try report(store, directory.path("refused"))
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("record keys") && refused.stderr.contains("mcstat ingest"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("refused")))
        // Suppression needs no record keys.
        #expect(try MCStatProcess.run(["report", "--store", store, "--out", directory.path("suppressed")], in: directory).status == 0)
        let again = try MCStatProcess.run(["ingest", "--quiet", "--key-file", key, "--store", store,
                                           root.appendingPathComponent("sample-data/de-tu-nordstadt/2025-12-export.csv").path], in: directory)
        #expect(again.status == 0)
        #expect(again.stdout.contains("skipped"))
        #expect(try report(store, directory.path("after")).status == 0)
        #expect(try files(directory.path("before")) == (try files(directory.path("after"))))
    }

    /// A pipeline may name another table (its SHA-256 goes in the manifest); an unknown method or
    /// a table that cannot be used is refused before anything runs.
    @Test func aPipelineNamesItsOwnTable() throws {
        let table = directory.path("d5.txt")
        _ = try ProcessRunner.output("/usr/bin/env", ["python3", root.appendingPathComponent("tools/make-ptable.py").path,
                                                      "--D", "5", "--V", "3", "--js", "2", "--out", table])
        let sample = root.appendingPathComponent("sample-data/de-tu-nordstadt").path
        let pipeline = try directory.write("p.yml", """
            name: ckm
            sources:
              - path: \(sample)
            report: {out: \(directory.path("published")), method: cell-key, ptable: \(table), formats: [csv]}
            """)
        let run = try MCStatProcess.run(["run", "--quiet", "--key-file", key, "--store", directory.path("p.sqlite"), pipeline], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path("published/manifest.json")))) as? [String: Any])
        let sha = try ProcessRunner.output("/usr/bin/sha256sum", [table])
        #expect((manifest["disclosure"] as? [String: Any])?["ptable_sha256"] as? String == String(sha.prefix(64)))
        for (text, name) in [("i;j;p\n1;0;0.5\n", "bad.txt"), ("", "empty.txt")] {
            let bad = try directory.write(name, text)
            let refused = try MCStatProcess.run(["report", "--store", directory.path("p.sqlite"), "--out", directory.path("x"),
                                                 "--method", "cell-key", "--ptable", bad], in: directory)
            #expect(refused.status == 2, "\(refused.stderr)")
            #expect(refused.stderr.contains("perturbation table"))
        }
        let unknown = try MCStatProcess.run(["report", "--store", directory.path("p.sqlite"), "--method", "noise"], in: directory)
        #expect(unknown.status == 2)
        let badPipeline = try directory.write("q.yml", "name: q\nsources:\n  - path: \(sample)\nreport: {method: noise}\n")
        let refusedRun = try MCStatProcess.run(["run", "--key-file", key, "--store", directory.path("q.sqlite"), badPipeline], in: directory)
        #expect(refusedRun.status == 2)
        #expect(refusedRun.stderr.contains("unknown method 'noise'"), "\(refusedRun.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("q.sqlite")))
    }
}

/// A CSV file's header and rows by column name (report files hold no quoted commas in these columns).
struct CSVTable {
    var header: [String]
    var rows: [[String: String]]

    init(path: String) throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.first.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        self.header = header
        rows = lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }
}
