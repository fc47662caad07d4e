import Foundation
import MCTestSupport
import Testing

/// `mcstat runs` for people: a header line and aligned columns; `--format json` unchanged.
@Suite struct RunsListingTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test func runsHasAHeaderAndAlignedColumnsAndItsJSONIsUnchanged() throws {
        defer { directory.remove() }
        try directory.write("in/a.csv", CanonicalCSV.file((1...12).map { ["credential_id": "C-\($0)", "learner_id": "L-\($0)"] }))
        let pipeline = "name: p\nsources:\n  - path: in/*\nreport: {out: out, formats: [csv]}\n"
        try directory.write("p.yml", pipeline)
        try directory.write("a-longer-pipeline-name.yml", pipeline)
        for file in ["p.yml", "a-longer-pipeline-name.yml"] {
            let run = try MCStatProcess.run(["run", "--quiet", "--store", "s.sqlite", file], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let listed = try MCStatProcess.run(["runs", "--store", "s.sqlite"], in: directory)
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.first)
        #expect(header.split(separator: " ") == ["run", "started", "finished", "outcome", "pipeline"], "\(listed.stdout)")
        // Each value starts where its column's name does; the run id ends where "run" does.
        func column(_ name: String) throws -> Int { try #require(header.range(of: name)).lowerBound.utf16Offset(in: header) }
        let runLines = lines.dropFirst().filter { !$0.contains("release ") }
        #expect(runLines.count == 2, "\(listed.stdout)")
        let (started, finished, outcome, pipelineColumn) = (try column("started"), try column("finished"), try column("outcome"), try column("pipeline"))
        for (line, (id, pipelineName)) in zip(runLines, [("2", "a-longer-pipeline-name.yml"), ("1", "p.yml")]) {
            let characters = Array(line)
            func value(at offset: Int) -> String { String(characters[offset...].prefix { $0 != " " }) }
            #expect(String(characters.prefix(3)).trimmingCharacters(in: .whitespaces) == id, "\(line)")
            #expect(value(at: started).hasSuffix("Z") && value(at: finished).hasSuffix("Z"), "\(line)")
            #expect(value(at: outcome) == "succeeded", "\(line)")
            #expect(value(at: pipelineColumn) == pipelineName, "\(line)")
            #expect(!line.hasSuffix(" ") && !line.contains("\t"))
        }
        // A run's release, indented under it.
        #expect(lines.contains { $0.hasPrefix("     release ") && $0.contains("(hold 10) released: ") }, "\(listed.stdout)")
        let json = try MCStatProcess.run(["runs", "--store", "s.sqlite", "--format", "json"], in: directory)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["id"] as? Int } == [2, 1])
        #expect(runs.allSatisfy { Set($0.keys).isSuperset(of: ["id", "pipeline", "started_at", "finished_at", "outcome", "summary"]) })
    }
}
