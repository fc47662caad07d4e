import Foundation
import MCModel
@testable import MCPipeline
import MCTestSupport
import Testing

/// The hand-written issue rendering must be Foundation's, byte for byte: `validate --format json`
/// streams it, and its consumers parse it as JSON.
@Suite struct IssueJSONTests {
    /// Foundation's rendering, indented as the files report nests it.
    func foundation(_ issue: ValidationIssue, indent: Int) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(issue), as: UTF8.self)
        let pad = String(repeating: " ", count: indent)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }

    /// Text drawn from every control character, quotes, backslashes, slashes, DEL, accents,
    /// line separators and emoji.
    func text(_ random: inout SplitMix) -> String {
        let pieces: [String] = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
            + ["\"", "\\", "/", "\u{7F}", "é", "ß", "\u{2028}", "\u{2029}", "😀", "a", "Z", "0", " ", "'", "<", ">", "&", "{", "}"]
        return (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test func rendersAsFoundationDoesForRandomIssues() throws {
        var random = SplitMix(seed: 2026)
        let codes = ReasonCode.allCases
        for round in 0..<2_000 {
            func maybe<T>(_ value: T) -> T? { Bool.random(using: &random) ? value : nil }
            let field = maybe(Field.allCases.randomElement(using: &random)!)
            var issue = ValidationIssue(record: maybe(Int.random(in: 0...1_000_000, using: &random)),
                                        line: maybe(Int.random(in: 1...5_000_000, using: &random)),
                                        pointer: maybe(text(&random)), field: field,
                                        code: codes.randomElement(using: &random)!,
                                        severity: Bool.random(using: &random) ? .error : .warning,
                                        value: maybe(text(&random)), message: text(&random), hint: maybe(text(&random)),
                                        also: maybe((0..<Int.random(in: 0...3, using: &random)).map { _ in codes.randomElement(using: &random)! }))
            if round % 7 == 0 { issue.element = maybe(text(&random)) }
            let indent = [0, 2, 8][round % 3]
            let (ours, theirs) = (IssueJSON.render(issue, indent: indent), try foundation(issue, indent: indent))
            #expect(ours == theirs, "round \(round):\n\(ours)\n--- Foundation:\n\(theirs)")
            if ours != theirs { break }
        }
    }
}
