import Foundation
@testable import MCPipeline
import MCTestSupport
import Testing

/// YAML nested too deep for Yams' recursive composer, or whose aliases expand without end, is
/// refused before it is composed (issue 19: a deep pipeline file crashed with exit 139).
@Suite final class YAMLShapeTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    /// The fuzz regressions of the `yaml` target, kept with the readers' (MCIngestTests fixtures).
    static let regressions = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../MCIngestTests/Fixtures/fuzz-regressions").standardized

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: regressions.path)) ?? []).filter { $0.hasPrefix("yaml-") }.sorted()
    }

    @Test func thereAreYAMLRegressions() { #expect(Self.inputs.count >= 3) }

    /// Each is read as a pipeline file and as a profile, as the fuzz target reads it: an error,
    /// never a trap.
    @Test(arguments: inputs)
    func replays(_ name: String) {
        let path = Self.regressions.appendingPathComponent(name).path
        #expect(throws: PipelineError.self) { try PipelineDefinition.load(path: path) }
        #expect(throws: PipelineError.self) { try ProfileLoader.load(path, directories: []) }
    }

    @Test func sixtyFourLevelsAreAllowedSixtyFiveAreNot() {
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        #expect(YAMLShape.problem(in: "a: " + nested(63)) == nil)   // the mapping is the 64th level
        let problem = YAMLShape.problem(in: "name: x\na: " + nested(64))
        #expect(problem?.line == 2)
        #expect(problem?.reason.contains("nested more than 64 levels deep") == true)
    }

    @Test func aliasesCountAsWhatTheyStandFor() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...3 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        #expect(YAMLShape.problem(in: yaml) == nil)   // 11 + 111 + 1,111 + 11,111 values and the keys
        yaml += "a4: &a4 [" + Array(repeating: "*a3", count: 10).joined(separator: ", ") + "]\n"   // 111,111 more
        #expect(YAMLShape.problem(in: yaml)?.reason.contains("aliases") == true)
        // Anchors and aliases as a pipeline file uses them are fine.
        #expect(YAMLShape.problem(in: "name: a\nsources:\n  - {path: x, defaults: &d {issuer_country: NL}}\n  - {path: y, defaults: *d}\n") == nil)
    }

    @Test func theShippedPipelineAndProfilesPass() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
        for file in ["pipelines/nightly.yml", "pipelines/profiles/at-fh-donau.yml"] {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            #expect(YAMLShape.problem(in: text) == nil, "\(file)")
        }
    }

    @Test func aDeepProfileIsAProfileError() throws {
        let path = try directory.write("deep.yml", "name: deep\ncolumns: " + String(repeating: "{a: ", count: 5_000) + "\n")
        do {
            _ = try ProfileLoader.load(path, directories: [])
            Issue.record("loaded")
        } catch {
            #expect(error.description == "profile \(path): line 2: nested more than 64 levels deep (a pipeline file or profile needs four)")
        }
    }
}
