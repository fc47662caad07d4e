import Foundation
import MCModel
@testable import MCStore
import MCTestSupport
import Testing

/// A rejected record's values are stored as the JSON JSONEncoder writes with `.sortedKeys` and
/// `.withoutEscapingSlashes` (the quarantine's `raw` column, read back by `mcstat rejects`): the
/// hand-written form must be those bytes, for keys and values with quotes, backslashes, slashes,
/// every control character, DEL, non-ASCII and lists.
@Suite struct QuarantineValuesTests {
    static let pieces: [String] = ["plain", "", " spaced ", "quote\"d", "back\\slash", "a/b", "tab\tnew\nline\r",
                                   "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}", "del\u{7f}", "é ü ß", "\u{2028}\u{2029}", "😀", "<&>"]
    static let keys: [String] = Field.allCases.map(\.rawValue) + ["Title", "_x", "a1", "a10", "a2", "ä", "Zeta", "zeta", "issue", "issue_"]

    @Test func valuesAreWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var generator = SplitMix(seed: 23)
        func piece() -> String {
            (0..<Int(generator.next() % 3)).map { _ in QuarantineValuesTests.pieces[Int(generator.next() % UInt64(QuarantineValuesTests.pieces.count))] }.joined()
        }
        var compared = 0
        for _ in 0..<3_000 {
            var values: [String: RawValue] = [:]
            for _ in 0..<Int(generator.next() % 12) {
                let key = QuarantineValuesTests.keys[Int(generator.next() % UInt64(QuarantineValuesTests.keys.count))]
                values[key] = generator.next() % 4 == 0 ? .list((0..<Int(generator.next() % 4)).map { _ in piece() }) : .text(piece())
            }
            let expected = String(decoding: try encoder.encode(values), as: UTF8.self)
            let written = ImportSink.rawValues(values)
            if written != expected {
                let same = zip(written.unicodeScalars, expected.unicodeScalars).prefix { $0 == $1 }.count
                Issue.record("\(String(String.UnicodeScalarView(written.unicodeScalars.dropFirst(same).prefix(30))).debugDescription) against JSONEncoder's \(String(String.UnicodeScalarView(expected.unicodeScalars.dropFirst(same).prefix(30))).debugDescription), after \(String(String.UnicodeScalarView(written.unicodeScalars.prefix(same).suffix(30))).debugDescription)")
                return
            }
            compared += 1
        }
        #expect(compared == 3_000)
    }
}
