@testable import MCIngest
import MCTestSupport
import Testing

/// Plain lines are read without libcsv (``CSVTokenizerState/appendPlainLine(_:delimiter:)``):
/// the tokenizer must give exactly the rows libcsv gives byte by byte — fields, their bytes, row
/// lines, NUL and oversized fields, an unterminated quote at the end — however hostile the
/// lines and however the bytes are split between feeds.
@Suite struct CSVPlainLineTests {
    /// Cells that read plainly and cells that libcsv reads in its own way (a space or tab at an
    /// end, a quote in or after a field, `""`, line breaks in quotes, NUL, a long value).
    static let cells: [String] = [
        "plain", "", "two words", "é accent", "\"quoted, with a comma\"", "\"\"", "\"a\"\"b\"", "\"two\nlines\"",
        "  spaced", "trailing ", "\ttab", "tab\t", "ab\"c", "\"closed\"  ", "\"closed\"then", "  \"after spaces\"",
        "nul\u{0}byte", "\"crlf\r\ninside\"", String(repeating: "long", count: 12), "\"quoted \(String(repeating: "x", count: 45))\"",
    ]
    static let rowEnds = ["\n", "\n", "\n", "\n", "\r\n", "\n\n", "\r", "\n  \n", "\n\t\n"]

    /// `rows` lines of `columns` cells; with `nul`, cells with a NUL byte may appear.
    static func text(seed: UInt64, rows: Int, columns: Int, delimiter: String, nul: Bool) -> [UInt8] {
        var generator = SplitMix(seed: seed)
        var text = ""
        for _ in 0..<rows {
            // Most lines plain, as in an export; the rest hostile.
            let hostile = generator.next() % 3 == 0
            text += (0..<columns).map { _ -> String in
                let pool = hostile ? cells.count : 6
                var cell = cells[Int(generator.next() % UInt64(pool))]
                if !nul { cell = cell.replacingOccurrences(of: "\u{0}", with: "0") }
                return cell.replacingOccurrences(of: ",", with: delimiter)
            }.joined(separator: delimiter)
            text += rowEnds[Int(generator.next() % UInt64(hostile ? rowEnds.count : 1))]
        }
        if seed % 2 == 0 { text += "last\(delimiter)\"never closed\nstill open" }
        return Array(text.utf8)
    }

    /// What a tokenizer made of `bytes`, fed in the pieces `cuts` gives.
    struct Outcome: Equatable {
        var fields: [[UInt8]] = []
        var fieldCounts: [Int] = []
        var lines: [Int] = []
        var nul: [[Int]] = []
        var oversized: [[Int]] = []
        var unterminated = false
        var failure: Int?
    }

    static func read(_ bytes: [UInt8], delimiter: UInt8, maxFieldBytes: Int, plainLines: Bool, cuts: [Int]) -> (Outcome, plainRows: Int) {
        let tokenizer = CSVTokenizer(delimiter: delimiter, maxFieldBytes: maxFieldBytes, firstLine: 3, plainLines: plainLines)
        var outcome = Outcome()
        func take() {
            let batch = tokenizer.takeBatch()
            for end in batch.ends.indices { outcome.fields.append(Array(batch.bytes[(end == 0 ? 0 : batch.ends[end - 1])..<batch.ends[end]])) }
            outcome.fieldCounts += zip(batch.firstFields.dropFirst(), batch.firstFields).map { $0 - $1 }
            outcome.lines += batch.lines
            outcome.nul += batch.nulFields.map { [$0.row, $0.field] }
            outcome.oversized += batch.oversizedFields.map { [$0.row, $0.field] }
        }
        var start = 0
        for cut in cuts + [bytes.count] where cut > start {
            if let failure = bytes[start..<cut].withUnsafeBytes({ tokenizer.feed($0) }) {
                outcome.failure = failure.line
                return (outcome, tokenizer.plainRows)
            }
            take()
            start = cut
        }
        outcome.unterminated = tokenizer.finish()
        take()
        return (outcome, tokenizer.plainRows)
    }

    @Test(arguments: [(1, ",", 1 << 20), (2, ";", 1 << 20), (3, ",", 40), (4, "\t", 1 << 20), (5, ",", 1 << 20), (6, "|", 60)] as [(UInt64, String, Int)])
    func plainLinesAreReadAsLibcsvReadsThem(seed: UInt64, delimiter: String, maxFieldBytes: Int) {
        let bytes = CSVPlainLineTests.text(seed: seed, rows: 4_000, columns: 2 + Int(seed % 4) * 3, delimiter: delimiter, nul: seed % 3 == 0)
        var generator = SplitMix(seed: seed)
        var cuts: [Int] = []
        var at = 0
        while at < bytes.count {
            at += 1 + Int(generator.next() % (seed % 2 == 0 ? 700 : 20_000))
            cuts.append(min(at, bytes.count))
        }
        let byte = delimiter.utf8.first!
        let (libcsv, libcsvPlain) = CSVPlainLineTests.read(bytes, delimiter: byte, maxFieldBytes: maxFieldBytes, plainLines: false, cuts: cuts)
        let (plain, plainRows) = CSVPlainLineTests.read(bytes, delimiter: byte, maxFieldBytes: maxFieldBytes, plainLines: true, cuts: cuts)
        #expect(libcsvPlain == 0)
        #expect(plain.lines.count > 3_000)
        if delimiter == "\t" || seed % 3 == 0 {
            // A tab delimiter is one of libcsv's spaces, and a NUL sends the rest to libcsv.
            #expect(plainRows <= plain.lines.count / 2, "\(plainRows) plain rows")
        } else {
            #expect(plainRows > plain.lines.count / 2, "\(plainRows) of \(plain.lines.count) rows read as plain lines")
        }
        #expect(plain.lines == libcsv.lines)
        #expect(plain.fieldCounts == libcsv.fieldCounts)
        #expect(plain.nul == libcsv.nul && plain.oversized == libcsv.oversized)
        #expect(plain.unterminated == libcsv.unterminated && plain.failure == libcsv.failure)
        #expect(plain.fields.count == libcsv.fields.count)
        for (index, (mine, theirs)) in zip(plain.fields, libcsv.fields).enumerated() where mine != theirs {
            Issue.record("field \(index): \(String(decoding: mine, as: UTF8.self).debugDescription) against libcsv's \(String(decoding: theirs, as: UTF8.self).debugDescription)")
            break
        }
    }
}
