import Foundation
import MCTestSupport
import Testing

/// The report set is swapped in whole, and the set it replaced is kept whole or not at all
/// (issue 19: `<out>.previous` was deleted file by file after the swap, and a kill between two
/// renames left no `--out`). Kills are deterministic: `MCSTAT_TEST_ABORT_AT` names the step at
/// which the process kills itself with SIGKILL.
@Suite struct ReportSwapTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// A store with `count` credentials, so that each report set differs from the one before.
    func ingest(_ count: Int) throws {
        let file = try directory.write("in-\(count).csv", CanonicalCSV.file((0..<count).map {
            ["credential_id": "C-\(count)-\($0)", "learner_id": "L-\($0)"]
        }))
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", file], in: directory).status == 0)
    }

    func report(_ environment: [String: String] = [:], _ extra: [String] = []) throws -> ProcessRunner.Result {
        try MCStatProcess.run(["report", "--store", "s.sqlite", "--out", "rep", "--min-cell", "1"] + extra, in: directory,
                              environment: environment)
    }

    func manifestCredentials(_ folder: String) throws -> String {
        try String(contentsOfFile: directory.path(folder + "/uptake.csv"), encoding: .utf8)
    }

    @Test(arguments: [("report-staged", 1), ("report-exchanged", 1), ("report-previous-exchanged", 1), ("report-deleting", 1),
                      ("report-deleting", 3), ("report-deleting", 9)])
    func aKillAtAnyStepLeavesTwoWholeSetsOrOne(_ step: String, _ passage: Int) throws {
        defer { directory.remove() }
        try ingest(5)
        #expect(try report().status == 0)
        try ingest(6)
        #expect(try report().status == 0)
        let previousBefore = try manifestCredentials("rep.previous")
        let currentBefore = try manifestCredentials("rep")
        try ingest(7)
        let killed = try report(["MCSTAT_TEST_ABORT_AT": "\(step):\(passage)"])
        #expect(killed.status != 0, "the hook \(step) never fired")
        #expect(try ReportSetCheck.problems(in: directory.path("rep")) == [])
        if FileManager.default.fileExists(atPath: directory.path("rep.previous")) {
            #expect(try ReportSetCheck.problems(in: directory.path("rep.previous")) == [])
            let previous = try manifestCredentials("rep.previous")
            #expect(previous == previousBefore || previous == currentBefore)
        }
        // The next report clears what the killed one left and publishes a whole set.
        #expect(try report().status == 0)
        #expect(try ReportSetCheck.problems(in: directory.path("rep")) == [])
        #expect(try ReportSetCheck.problems(in: directory.path("rep.previous")) == [])
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path("")).filter { $0.hasPrefix(".rep.") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func anEmptyListOfFormatsOrReportsIsAUsageErrorAndChangesNothing() throws {
        defer { directory.remove() }
        try ingest(5)
        #expect(try report().status == 0)
        let before = try manifestCredentials("rep")
        for extra in [["--formats", ""], ["--only", ""], ["--formats", " , "]] {
            let result = try report([:], extra)
            #expect(result.status == 2, "\(extra): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.path("rep.previous")), "\(extra)")
        }
        #expect(try manifestCredentials("rep") == before)
    }

    @Test func helpShowsTheDefaultsAndTheAllowedValues() throws {
        defer { directory.remove() }
        // Words as printed, whatever the line wrapping.
        let help = try MCStatProcess.run(["report", "--help"], in: directory).stdout
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        for text in ["default: reports", "default: 5", "csv, json, sdmx, html", "uptake, fields,", "completeness"] {
            #expect(help.contains(text), "\(text) not in:\n\(help)")
        }
    }

    @Test func thePageLinksOnlyFilesThatWereWritten() throws {
        defer { directory.remove() }
        try ingest(5)
        #expect(try report([:], ["--formats", "csv,html"]).status == 0)
        let page = try String(contentsOfFile: directory.path("rep/index.html"), encoding: .utf8)
        #expect(page.contains("href=\"uptake.csv\""))
        #expect(!page.contains(".json\"") && !page.contains(".sdmx.csv\""), "links to files not written")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path("rep")))
        for link in page.components(separatedBy: "href=\"").dropFirst().map({ String($0.prefix { $0 != "\"" }) }) where !link.hasPrefix("#") {
            #expect(files.contains(link), "\(link) is linked but not written")
        }
    }
}
