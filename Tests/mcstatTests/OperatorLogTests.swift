import Foundation
import MCTestSupport
import Testing

/// Logs an operator can collect, and `fail:` rules (issue 8, cli.md `mcstat run`).
@Suite struct OperatorLogTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Each stderr line as a JSON object; fails the test on a line that is not one.
    func events(_ stderr: String) throws -> [[String: Any]] {
        try stderr.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    @Test func jsonLogsOneObjectPerLineWithRunIdFileCountsAndOutcome() throws {
        defer { directory.remove() }
        try directory.write("in/a.csv", CanonicalCSV.file([[:], ["credential_id": "C-2", "ects": "five"]]))
        try directory.write("p.yml", "name: p\nsources:\n  - path: in/*.csv\n  - path: missing/*.csv\nreport:\n  out: rep\n")
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "--log-format", "json", "--log-level", "info", "p.yml"], in: directory)
        #expect(run.status == 3)
        let lines = try events(run.stderr)
        #expect(lines.allSatisfy { $0["time"] is String && $0["level"] is String && $0["message"] is String })
        // The key's creation notice comes first, before the run exists; every later event names the run.
        #expect((lines.first?["message"] as? String)?.contains("created a new pseudonymisation key") == true)
        #expect(lines.dropFirst().allSatisfy { $0["run_id"] as? Int == 1 })
        let file = try #require(lines.first { ($0["file"] as? String)?.hasSuffix("in/a.csv") == true })
        #expect(file["counts"] as? [String: Int] == ["read": 2, "accepted": 1, "rejected": 1, "warnings": 0, "stale": 0])
        #expect(file["outcome"] as? String == "imported")
        let missing = try #require(lines.first { ($0["file"] as? String)?.contains("missing") == true })
        #expect(missing["level"] as? String == "warning" && missing["outcome"] as? String == "unreadable")
        let summary = try #require(lines.last)
        #expect(summary["outcome"] as? String == "completed-with-errors")
        #expect((summary["counts"] as? [String: Int])?["read"] == 2)
        #expect((summary["message"] as? String)?.hasPrefix("run 1 (p): completed-with-errors — 2 files, 2 read") == true)
    }

    @Test func everyCommandTakesTheLogOptionsAndLevelsFilter() throws {
        defer { directory.remove() }
        let file = try directory.write("a.csv", CanonicalCSV.file([[:]]))
        let quiet = try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--log-level", "warning", file], in: directory)
        #expect(quiet.status == 0)
        #expect(!quiet.stderr.contains(" notice ingest:"))
        let chatty = try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--log-level", "info", file], in: directory)
        #expect(chatty.stderr.contains(" info "), "\(chatty.stderr)")
        #expect(chatty.stderr.contains(" notice ingest: 1 files"), "\(chatty.stderr)")
        for command in [["validate", file], ["report", "--store", "s.sqlite", "--out", "r"], ["runs", "--store", "s.sqlite"],
                        ["rejects", "--store", "s.sqlite"]] {
            let result = try MCStatProcess.run(command + ["--log-format", "json", "--log-level", "debug"], in: directory)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            _ = try events(result.stderr)
        }
        #expect(try MCStatProcess.run(["runs", "--store", "s.sqlite", "--log-level", "loud"], in: directory).status == 2)
        // A failure, too, is one JSON object.
        let missing = try MCStatProcess.run(["runs", "--store", "nope.sqlite", "--log-format", "json"], in: directory)
        #expect(missing.status == 2)
        let failure = try #require(try events(missing.stderr).first)
        #expect(failure["level"] as? String == "error" && (failure["message"] as? String)?.contains("nope.sqlite") == true)
    }

    @Test func failRulesTurnTheOutcomeToFailedAfterEverythingElseWasDone() throws {
        defer { directory.remove() }
        // HS-1 sends 4 records of which 2 are rejected (50 %); HS-2 sends 4 good ones.
        try directory.write("hs1/a.csv", CanonicalCSV.file([
            ["credential_id": "A-1"], ["credential_id": "A-2"], ["credential_id": "A-3", "ects": "x"], ["credential_id": "A-4", "title": ""],
        ].map { $0.merging(["awarding_body_id": "HS-1"]) { a, _ in a } }))
        try directory.write("hs2/a.csv", CanonicalCSV.file((1...4).map { ["credential_id": "B-\($0)", "awarding_body_id": "HS-2"] }))
        try directory.write("p.yml", """
            name: p
            sources:
              - path: hs1/*
                awarding_bodies: [HS-1]
              - path: hs2/*
                awarding_bodies: [HS-2]
            report: {out: rep}
            fail:
              max_rejected_share: 0.3
            """)
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory)
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("run 1 (p): failed"))
        #expect(run.stdout.contains("awarding body HS-1: 2 of 4 records rejected (50.0 %)"))
        #expect(!run.stdout.contains("HS-2:"))
        #expect(FileManager.default.fileExists(atPath: directory.path("rep/manifest.json")))
        #expect(try ProcessRunner.output("/usr/bin/sqlite3", [directory.path("s.sqlite"), "SELECT COUNT(*) FROM credentials"]) == "6\n")
        let runs = try MCStatProcess.run(["runs", "--store", "s.sqlite"], in: directory)
        #expect(runs.stdout.split(separator: "\n").dropFirst().contains { $0.split(separator: " ").contains("failed") }, "\(runs.stdout)")

        // Below the limit the same run succeeds; a source that delivers nothing fails require_sources.
        try directory.write("q.yml", """
            name: q
            sources:
              - path: hs2/*
              - path: hs3/*
            report: {out: rep}
            fail: {max_rejected_share: 0.6, require_sources: true}
            """)
        let second = try MCStatProcess.run(["run", "--store", "s.sqlite", "q.yml"], in: directory)
        #expect(second.status == 3)
        #expect(second.stdout.contains("run 2 (q): failed"))
        #expect(second.stdout.contains("source 'hs3/*' delivered no readable file"))
        try directory.write("r.yml", "name: r\nsources:\n  - path: hs1/*\nreport: {out: rep}\nfail: {max_rejected_share: 0.6}\n")
        try directory.write("hs1/b.csv", CanonicalCSV.file([["credential_id": "A-5", "awarding_body_id": "HS-1"]]))
        let third = try MCStatProcess.run(["run", "--store", "s.sqlite", "r.yml"], in: directory)
        #expect(third.status == 0, "\(third.stdout)")
        #expect(third.stdout.contains("run 3 (r): succeeded"))
    }
}
