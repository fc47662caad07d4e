import Foundation
import MCTestSupport
import Testing

/// The pipeline file is checked whole before anything runs (cli.md `mcstat run`, issue 7): a
/// mistake is exit 2 naming the file, line and column and what is allowed; nothing is created.
@Suite struct PipelineFileTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    static let good = """
        name: p
        sources:
          - path: in/*.csv
            awarding_bodies: [DE-HS-1]
        report:
          out: rep
          min_cell: 5

        """

    /// Pipeline text, where it goes wrong, and what the message must say.
    static let mistakes: [(yaml: String, place: String, says: [String])] = [
        (good.replacingOccurrences(of: "min_cell: 5", with: "min-cell: 50"), "line 7, column 3",
         ["unknown key 'min-cell' in report", "allowed: out, min_cell, formats, only"]),
        (good.replacingOccurrences(of: "min_cell: 5", with: "min_cell: 0"), "line 7, column 13", ["min_cell must be a whole number 1 or more"]),
        (good.replacingOccurrences(of: "min_cell: 5", with: "min_cell: -3"), "line 7, column 13", ["min_cell must be a whole number 1 or more"]),
        (good.replacingOccurrences(of: "min_cell: 5", with: "min_cell: 2.5"), "line 7, column 13", ["min_cell must be a whole number 1 or more"]),
        (good.replacingOccurrences(of: "min_cell: 5", with: "only: [uptake, bogus]"), "line 7, column 18",
         ["unknown report 'bogus'", "allowed: uptake, fields, quality, stackability, learners, completeness, trend"]),
        (good.replacingOccurrences(of: "min_cell: 5", with: "formats: [csv, pdf]"), "line 7, column 18",
         ["unknown format 'pdf'", "allowed: csv, json, sdmx, html"]),
        (good.replacingOccurrences(of: "awarding_bodies: [DE-HS-1]", with: "awarding_bodies: DE-HS-1"), "line 4, column 22",
         ["awarding_bodies must be a list of awarding body ids"]),
        (good.replacingOccurrences(of: "awarding_bodies: [DE-HS-1]", with: "awardingbodies: [DE-HS-1]"), "line 4, column 5",
         ["unknown key 'awardingbodies' in a source", "allowed: path, inbox, profile, awarding_bodies, defaults"]),
        (good.replacingOccurrences(of: "awarding_bodies: [DE-HS-1]", with: "defaults: {country: NL}"), "line 4, column 16",
         ["unknown key 'country' in defaults", "issuer_country"]),
        (good + "fail:\n  max_rejected_share: lots\n", "line 9, column 23", ["max_rejected_share must be a number from 0 to 1"]),
        (good + "fail:\n  require_sources: maybe\n", "line 9, column 20", ["require_sources must be true or false"]),
        ("name: p\nsources: 3\n", "line 2, column 10", ["sources must be a list of sources"]),
        ("name: p\nsources:\n  - path: [a, b]\n", "line 3, column 11", ["path must be a text value"]),
        ("name: p\nsource:\n  - path: a\n", "line 2, column 1", ["unknown key 'source' in the pipeline file", "allowed: name, sources, report, fail"]),
        ("name: p\nsources:\n  - path: a\n    - path: b\n", "line 4, column 5", ["not valid YAML", "did not find expected key"]),
    ]

    @Test(arguments: 0..<mistakes.count)
    func aMistakeNamesItsLineAndColumnAndWhatIsAllowed(_ index: Int) throws {
        defer { directory.remove() }
        let mistake = PipelineFileTests.mistakes[index]
        try directory.write("in/a.csv", CanonicalCSV.file([[:]]))
        let pipeline = try directory.write("p.yml", mistake.yaml)
        let result = try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory)
        #expect(result.status == 2, "\(mistake.yaml)\n\(result.stderr)")
        #expect(result.stderr.contains("p.yml"))
        #expect(result.stderr.contains(mistake.place), "\(result.stderr)")
        for text in mistake.says { #expect(result.stderr.contains(text), "\(result.stderr)") }
        #expect(!result.stderr.contains("DecodingError") && !result.stderr.contains("keyNotFound"))
        // Nothing ran: no store, no reports.
        #expect(!FileManager.default.fileExists(atPath: directory.path("s.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: directory.path("rep")))
        _ = pipeline
    }

    @Test func theGoodFileRunsAndTheCommandLineMinCellIsCheckedLikewise() throws {
        defer { directory.remove() }
        try directory.write("in/a.csv", CanonicalCSV.file([[:]]))
        try directory.write("p.yml", PipelineFileTests.good)
        for bad in ["0", "-3", "2.5", "five"] {
            let result = try MCStatProcess.run(["run", "--store", "s.sqlite", "--min-cell", bad, "p.yml"], in: directory)
            #expect(result.status == 2, "--min-cell \(bad)")
            #expect(result.stderr.contains("min-cell"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("s.sqlite")))
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path("rep/manifest.json")))
        // After the files' lines, the run's line and one line for the report set, not a line per file.
        let lines = run.stdout.split(separator: "\n").suffix(3)
        #expect(lines.map { $0.prefix(8) } == ["total: 1", "run 1 (p", "reports:"], "\(run.stdout)")
        #expect(lines.last?.hasSuffix("/rep (see its manifest.json)") == true, "\(run.stdout)")
    }
}
