import Foundation
import MCTestSupport
import Testing

/// Runs the built `mcstat` executable (it sits beside the test bundle in the build directory).
struct MCStatProcess {
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("mcstat").path),
              directory.pathComponents.count > 1 {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("mcstat")
    }

    /// Runs `mcstat` in `directory`. Unless `environment` says otherwise, the key lives under
    /// the directory's sibling `config/` (as `$XDG_CONFIG_HOME`): never in the real home, and
    /// never in the folder of a store the test keeps in the directory.
    static func run(_ arguments: [String], in directory: TemporaryDirectory,
                    environment: [String: String] = [:]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(executable.path, arguments, in: directory.url,
                              environment: isolated(directory).merging(environment) { $1 })
    }

    /// Ingests the canonical sample exports (every institution but the one that needs a profile)
    /// into `store` in `directory`, checking that it worked.
    static func ingestSampleData(into store: String, in directory: TemporaryDirectory) throws {
        let sampleData = Fixtures.packageRoot.appendingPathComponent("sample-data").path
        let folders = try FileManager.default.contentsOfDirectory(atPath: sampleData).filter { $0 != "at-fh-donau" }.sorted()
        let ingest = try run(["ingest", "--quiet", "--store", store] + folders.map { sampleData + "/" + $0 }, in: directory)
        #expect(ingest.status == 0, "\(ingest.stderr)")
    }

    /// The environment that keeps a test's key beside its temporary directory.
    static func isolated(_ directory: TemporaryDirectory) -> [String: String] {
        ["XDG_CONFIG_HOME": directory.outsidePath("config"), "MCSTAT_KEY_FILE": ""]
    }
}

@Suite struct CommandLineTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// `--jobs` changes how many threads check records, never what is printed or stored; a
    /// negative count is a usage error.
    @Test func jobsChangeNothingButTheThreads() throws {
        var rows: [[String: String]] = []
        for index in 0..<1_500 {
            rows.append(["credential_id": "J-\(index)", "learner_id": "L-\(index % 97)",
                         "issue_date": index % 13 == 0 ? "2025-02-30" : "2025-03-14"])
        }
        let path = try directory.write("many.csv", CanonicalCSV.file(rows))
        let key = directory.key("jobs.key", byte: 4)
        var printed: [String] = []
        var stored: [String] = []
        for jobs in ["1", "3"] {
            let validated = try MCStatProcess.run(["validate", "--jobs", jobs, "--format", "json", path], in: directory)
            #expect(validated.status == 1)
            printed.append(validated.stdout)
            let store = directory.path("jobs-\(jobs).sqlite")
            let ingested = try MCStatProcess.run(["ingest", "--jobs", jobs, "--key-file", key, "--store", store, "--format", "json", path], in: directory)
            #expect(ingested.status == 0)
            let out = directory.path("reports-\(jobs)")
            let reported = try MCStatProcess.run(["report", "--jobs", jobs, "--key-file", key, "--store", store, "--out", out, "--formats", "csv"], in: directory)
            #expect(reported.status == 0)
            stored.append(try String(contentsOfFile: out + "/uptake.csv", encoding: .utf8))
        }
        #expect(printed[0] == printed[1])
        #expect(printed[0].contains("\"rejected\" : 116"))
        #expect(stored[0] == stored[1])
        let refused = try MCStatProcess.run(["validate", "--jobs=-1", path], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--jobs must be 0 (one per core) or more"))
    }

    @Test func validatePrintsTheContractJSONShape() throws {
        let path = try directory.write("export.csv", CanonicalCSV.file([
            [:], ["credential_id": "C-2", "issue_date": "2025-02-30", "learner_id": "SECRET-LEARNER"],
            ["credential_id": "C-3", "supervision": "proctored"],
        ]))
        let result = try MCStatProcess.run(["validate", "--format", "json", path], in: directory)
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.count == 1)
        let file = files[0]
        #expect(file["path"] as? String == path)
        #expect(file["format"] as? String == "csv")
        #expect(file["read"] as? Int == 3)
        #expect(file["accepted"] as? Int == 2)
        #expect(file["rejected"] as? Int == 1)
        #expect(file["warnings"] as? Int == 1)
        #expect(file.keys.contains("fatal") && file["fatal"] is NSNull)
        let issues = try #require(file["issues"] as? [[String: Any]])
        let error = try #require(issues.first { $0["severity"] as? String == "error" })
        #expect(error["record"] as? Int == 2)
        #expect(error["line"] as? Int == 3)
        #expect(error["field"] as? String == "issue_date")
        #expect(error["element"] as? String == "Date of issuing")
        #expect(error["code"] as? String == "bad_issue_date")
        #expect(error["value"] as? String == "2025-02-30")
        #expect((error["message"] as? String)?.isEmpty == false)
        #expect((error["hint"] as? String)?.isEmpty == false)
        let totals = try #require(json["totals"] as? [String: Int])
        #expect(totals == ["read": 3, "accepted": 2, "rejected": 1, "warnings": 1])
        #expect(!result.stdout.contains("SECRET-LEARNER"))
    }

    @Test func exitCodesFollowTheContract() throws {
        let good = try directory.write("good.csv", CanonicalCSV.file([[:]]))
        let bad = try directory.write("bad.csv", CanonicalCSV.file([["ects": "five"]]))
        let empty = try directory.write("empty.csv", "")
        #expect(try MCStatProcess.run(["validate", good], in: directory).status == 0)
        #expect(try MCStatProcess.run(["validate", bad], in: directory).status == 1)
        let unreadable = try MCStatProcess.run(["validate", good, empty, "missing.csv"], in: directory)
        #expect(unreadable.status == 3)
        #expect(unreadable.stdout.contains("good.csv (csv): 1 read, 1 accepted"))
        #expect(try MCStatProcess.run(["validate"], in: directory).status == 2)
        #expect(try MCStatProcess.run(["report", "--min-cell", "0"], in: directory).status == 2)
        #expect(try MCStatProcess.run(["report", "--formats", "pdf"], in: directory).status == 2)
        #expect(try MCStatProcess.run(["frobnicate"], in: directory).status == 2)
        #expect(try MCStatProcess.run(["--help"], in: directory).status == 0)
    }

    /// One line that says which program, built from which commit, implementing which rules; the
    /// manifest's versions come from the same place.
    @Test func versionNamesTheCommitAndTheRules() throws {
        let version = try MCStatProcess.run(["--version"], in: directory)
        #expect(version.status == 0)
        let line = version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.wholeMatch(of: /mcstat \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-dirty)?|unknown); rules mcstat-rules\/.+\)/) != nil, "\(line)")
        let head = try ProcessRunner.run("/usr/bin/git", ["-C", Fixtures.packageRoot.path, "rev-parse", "--short=12", "HEAD"])
        if head.status == 0 {
            #expect(line.contains("commit " + head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(line)")
        }
    }

    @Test func helpTeachesWithExamples() throws {
        for command in ["validate", "ingest", "report", "run", "runs", "rejects"] {
            let help = try MCStatProcess.run([command, "--help"], in: directory)
            #expect(help.status == 0)
            // An example section with a runnable line, not just the usage line.
            #expect(help.stdout.contains("Example"), "\(command)")
            #expect(help.stdout.contains("\n  mcstat \(command)"), "\(command)")
        }
    }

    @Test func ingestThenReportThenRejects() throws {
        let export = try directory.write("export.csv", CanonicalCSV.file(
            (1...6).map { ["credential_id": "C-\($0)", "learner_id": "L-\($0)"] } + [["credential_id": "", "learner_id": "L-X"]]))
        let first = try MCStatProcess.run(["ingest", "--format", "json", export], in: directory)
        #expect(first.status == 0)
        #expect(first.stderr.contains("created a new pseudonymisation key at \(directory.outsidePath("config/mcstat/key"))"))
        #expect(first.stdout.contains("\"skipped\" : false"))
        let second = try MCStatProcess.run(["ingest", export], in: directory)
        #expect(second.stdout.contains("skipped"))
        // Six awards are fewer than the release hold's 10: a set with a hold would not show them yet.
        let report = try MCStatProcess.run(["report", "--out", "out", "--hold", "0"], in: directory)
        #expect(report.status == 0)
        let uptake = try String(contentsOfFile: directory.path("out/uptake.csv"), encoding: .utf8)
        #expect(uptake == """
            country,year,eqf_level,ects_band,participation_form,credentials,learners,ects_total,status
            DE,2025,6,5-10,online,6,6,30.00,
            DE,2025,_T,_T,_T,6,6,30.00,

            """)
        let rejects = try MCStatProcess.run(["rejects", "--institution", "DE-HS-1"], in: directory)
        #expect(rejects.stdout.contains("missing_credential_id"))
        #expect(rejects.stdout.contains("line 8"))
        #expect(!rejects.stdout.contains("L-X"))
        let csv = try MCStatProcess.run(["rejects", "--format", "csv"], in: directory)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "file,record,line,pointer,awarding_body_id,reason_code,field,element,message,credential_id,byte_start,byte_end,sha256")
        #expect(lines.count == 2)
        #expect(lines[1].contains(",7,8,,DE-HS-1,missing_credential_id,credential_id,Statistical dimension,"))
    }

    @Test func runWritesReportsAndHistory() throws {
        try directory.write("in/a.csv", CanonicalCSV.file([[:]]))
        try directory.write("nightly.yml", "name: t\nsources:\n  - path: in/*.csv\nreport:\n  out: rep\n")
        let run = try MCStatProcess.run(["run", "nightly.yml"], in: directory, environment: ["MCSTAT_STORE": "env.sqlite"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path("env.sqlite")))
        #expect(FileManager.default.fileExists(atPath: directory.path("rep/uptake.csv")))
        let runs = try MCStatProcess.run(["runs", "--format", "json", "--store", "env.sqlite"], in: directory)
        #expect(runs.stdout.contains("\"outcome\" : \"succeeded\""))
        let badPipeline = try directory.write("bad.yml", "sources: 3\n")
        #expect(try MCStatProcess.run(["run", badPipeline], in: directory).status == 2)
    }
}
