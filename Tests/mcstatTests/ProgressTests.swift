import Foundation
import MCTestSupport
import Testing

/// cli.md "Common": progress goes to stderr only when stderr is a terminal — `file i of n`, the
/// share of the file done, records and records/s, bytes and the time left — and `--quiet`
/// silences it. A terminal comes from `script` (util-linux); `MCSTAT_PROGRESS_INTERVAL=0` shows
/// every update, so what is checked does not depend on how fast the machine is.
@Suite struct ProgressTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Runs `mcstat ARGUMENTS` with a terminal as its stdout and stderr; returns what it showed.
    func onATerminal(_ arguments: [String]) throws -> String {
        let command = ([MCStatProcess.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let environment = MCStatProcess.isolated(directory).merging(["MCSTAT_PROGRESS_INTERVAL": "0"]) { $1 }
        let result = try ProcessRunner.run("/usr/bin/script", ["-qfec", command, "/dev/null"], in: directory.url, environment: environment)
        return result.stdout
    }

    func writeFiles() throws {
        let rows = (1...3000).map { ["credential_id": "C-\($0)", "learner_id": "L-\($0)"] }
        try directory.write("a.csv", CanonicalCSV.file(rows))
        try directory.write("b.csv", CanonicalCSV.file(Array(rows.prefix(1500))))
    }

    @Test func aTerminalSeesFileShareRecordsAndTimeLeft() throws {
        try writeFiles()
        let shown = try onATerminal(["validate", "--jobs", "1", "a.csv", "b.csv"])
        let lines = shown.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map(String.init)
        let first = lines.filter { $0.contains("file 1 of 2: a.csv") }
        let second = lines.filter { $0.contains("file 2 of 2: b.csv") }
        #expect(!first.isEmpty && !second.isEmpty, "\(shown.suffix(600))")
        #expect(first.contains { $0.contains("% of ") && $0.contains(" KB, ") && $0.contains(" records, ") && $0.contains("/s") })
        #expect(first.contains { $0.hasSuffix(" left") })
        #expect(first.contains { $0.contains(" 3,000 records") } || first.contains { $0.contains(" 2,999 records") })
        // The summary is still there, after the progress line was cleared.
        #expect(shown.contains("total: 4500 read"))
    }

    /// `report` (and `run`) show their stages on a terminal: computing, then each file written, i of n.
    @Test func aTerminalSeesTheReportStages() throws {
        try writeFiles()
        #expect(try MCStatProcess.run(["ingest", "--quiet", "--store", "s.sqlite", "a.csv"], in: directory).status == 0)
        let shown = try onATerminal(["report", "--store", "s.sqlite", "--hold", "0", "--out", "r", "--formats", "csv", "--only", "uptake,trend"])
        let lines = shown.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
        let stages = lines.filter { $0.hasPrefix("report: computing") || $0.hasPrefix("report: writing") }
        #expect(stages == ["report: computing 8 reports from one snapshot of the store", "report: writing 1 of 3: uptake.csv",
                           "report: writing 2 of 3: trend.csv", "report: writing 3 of 3: manifest.json"], "\(shown.suffix(800))")
        #expect(shown.contains("r/uptake.csv: "))
        let run = try onATerminal(["run", "--store", "s.sqlite", try directory.write("p.yml", "name: p\nsources:\n  - path: b.csv\nreport: {out: q, formats: [json]}\n")])
        #expect(run.contains("b.csv  100% of ") && run.contains("report: release hold (H = 10)") && run.contains("report: writing 1 of 8: uptake.json"),
                "\(run.suffix(800))")
        let piped = try MCStatProcess.run(["report", "--store", "s.sqlite", "--hold", "0", "--out", "r2"], in: directory,
                                          environment: ["MCSTAT_PROGRESS_INTERVAL": "0"])
        #expect(piped.status == 0 && !piped.stderr.contains("report: writing") && !piped.stderr.contains("report: computing"))
        let quiet = try onATerminal(["report", "--quiet", "--store", "s.sqlite", "--hold", "0", "--out", "r3"])
        #expect(!quiet.contains("report: writing") && quiet.contains("r3/uptake.csv"))
    }

    /// `run` shows `file i of n` over all its sources' files, then the report stages.
    @Test func aTerminalSeesTheRunsFilesIOfN() throws {
        try writeFiles()
        let rows = (1...200).map { ["credential_id": "D-\($0)", "learner_id": "M-\($0)"] }
        try directory.write("more/c.csv", CanonicalCSV.file(rows))
        try directory.write("more/d.csv", CanonicalCSV.file(Array(rows.prefix(100))))
        let pipeline = try directory.write("p.yml", "name: p\nsources:\n  - path: a.csv\n  - path: more/*.csv\nreport: {out: q, formats: [csv]}\n")
        let shown = try onATerminal(["run", "--jobs", "1", "--store", "s.sqlite", pipeline])
        let lines = shown.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
        for (index, name) in ["a.csv", "more/c.csv", "more/d.csv"].enumerated() {
            #expect(lines.contains { $0.hasPrefix("file \(index + 1) of 3: ") && $0.contains(name + "  ") && $0.contains("% of ") },
                    "\(name): \(shown.suffix(1200))")
        }
        let first = try #require(lines.firstIndex { $0.hasPrefix("file 1 of 3: ") })
        let stage = try #require(lines.firstIndex { $0.hasPrefix("report: writing 1 of ") })
        #expect(first < stage)
        #expect(shown.contains("run 1 (p): succeeded"))
        let piped = try MCStatProcess.run(["run", "--store", "t.sqlite", pipeline], in: directory, environment: ["MCSTAT_PROGRESS_INTERVAL": "0"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stderr.contains("file 1 of") && !piped.stdout.contains("file 1 of") && !piped.stderr.contains("report: writing"))
    }

    @Test func noTerminalOrQuietMeansNoProgress() throws {
        try writeFiles()
        let piped = try MCStatProcess.run(["validate", "a.csv", "b.csv"], in: directory, environment: ["MCSTAT_PROGRESS_INTERVAL": "0"])
        #expect(!piped.stderr.contains("file 1 of 2") && !piped.stdout.contains("file 1 of 2"))
        let quiet = try onATerminal(["validate", "--quiet", "a.csv", "b.csv"])
        #expect(!quiet.contains("file 1 of 2"))
        #expect(quiet.contains("total: 4500 read"))
    }
}
