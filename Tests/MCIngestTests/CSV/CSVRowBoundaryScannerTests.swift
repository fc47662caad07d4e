import Foundation
@testable import MCIngest
import MCModel
import MCTestSupport
import Testing

/// Read in pieces, a CSV file is cut into chunks where the boundary scanner finds a row end, and
/// each chunk is parsed by a libcsv parser of its own. That must give exactly the records libcsv
/// gives reading the whole file row by row, however the quotes fall: checked on files of
/// hostile rows (quotes that do not open a field, `""`, line breaks in quotes, spaces around
/// closing quotes, CR, CRLF, blank lines) long enough to be cut many times.
@Suite struct CSVRowBoundaryScannerTests {
    static let cells: [String] = [
        "plain", "", "  spaced  ", "\"quoted, with a comma\"", "\"two\nlines\"", "\"crlf\r\ninside\"",
        "\"say \"\"hi\"\"\"", "ab\"c", "5\" screen", "  \"after spaces\"", "\"closed\"  ", "\"closed\"then",
        "\"x\" \"y\"", "\"x\" \"", "\"\"", "\"a\"\"\"", "\t\"tab\"", "\"ends with quote\"\"\"", "\"\n\"",
    ]
    static let rowEnds = ["\n", "\n", "\n", "\r\n", "\n\n", "\r", "\n  \n"]

    /// A file of `rows` rows of `columns` cells drawn from `cells`, after a header.
    static func hostileFile(seed: UInt64, rows: Int, columns: Int, openQuoteAtEnd: Bool) -> String {
        var generator = SplitMix(seed: seed)
        var text = (0..<columns).map { ["credential_id", "title", "learner_id", "issuer_country", "grade", "ects", "language", "status"][$0 % 8] + ($0 < 8 ? "" : "_\($0)") }.joined(separator: ",") + "\n"
        for _ in 0..<rows {
            text += (0..<columns).map { _ in cells[Int(generator.next() % UInt64(cells.count))] }.joined(separator: ",")
            text += rowEnds[Int(generator.next() % UInt64(rowEnds.count))]
        }
        if openQuoteAtEnd { text += "last,\"never closed\nstill open" }
        return text
    }

    /// The records of `path` read row by row (`next()`) and in pieces (numbered on).
    static func bothWays(_ path: String) throws -> (rows: [RawRecord], pieces: [RawRecord], pieceCount: Int) {
        var whole = try CSVReader(path: path)
        var rows: [RawRecord] = []
        while let record = try whole.next() { rows.append(record) }
        var cut = try CSVReader(path: path)
        var pieces: [RawRecord] = []
        var pieceCount = 0
        while let piece = try cut.nextPiece() {
            pieceCount += 1
            let offset = pieces.count
            pieces += try piece.decode().map { $0.record().offsettingRecord(by: offset) }
        }
        #expect(whole.fileIssues == cut.fileIssues)
        return (rows, pieces, pieceCount)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func piecesGiveTheRecordsOfTheWholeFile(seed: UInt64) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = CSVRowBoundaryScannerTests.hostileFile(seed: seed, rows: 36_000 / (1 + Int(seed % 3)), columns: 3 + Int(seed % 3) * 4, openQuoteAtEnd: seed % 2 == 0)
        let path = try directory.write("hostile.csv", text)
        let (rows, pieces, pieceCount) = try CSVRowBoundaryScannerTests.bothWays(path)
        #expect(pieceCount > 3, "the file was cut \(pieceCount) times")
        #expect(rows.count == pieces.count)
        for (row, piece) in zip(rows, pieces) where row != piece {
            Issue.record("record \(row.provenance.record) differs: line \(row.provenance.line ?? 0) vs \(piece.provenance.line ?? 0): \(row.values) vs \(piece.values); \(String(describing: row.damage?.code)) vs \(String(describing: piece.damage?.code))")
            break
        }
    }

    /// The records of `path` and the error that stopped the reading, read one way.
    static func outcome(_ path: String, pieces: Bool) throws -> (records: [RawRecord], error: IngestError?) {
        var reader = try CSVReader(path: path)
        var records: [RawRecord] = []
        do {
            if pieces {
                while let piece = try reader.nextPiece() { records += try piece.decode().map { $0.record() } }
            } else {
                while let record = try reader.next() { records.append(record) }
            }
        } catch {
            return (records, error)
        }
        return (records, nil)
    }

    /// A row that never ends is not cut into chunks: from its start the file is read row by row,
    /// so that pieces end as `next()` does. An unclosed quote swallowing just under 64 MiB gives
    /// a damaged last record; one beyond stops the reading at its line. (The two ways once
    /// disagreed just under the limit.)
    @Test func aRowThatNeverEndsIsReadAsRowByRow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let header = CanonicalCSV.header.joined(separator: ",") + "\n"
        for (name, lines) in [("under", (CSVReader.maxRowBytes / 4) + 1000), ("beyond", (64 << 20) / 4 + 1000)] {
            let text = header + CanonicalCSV.row() + "\n" + "C-2,\"" + String(repeating: "x,y\n", count: lines)
            let path = try directory.write("\(name).csv", text)
            let (rows, rowError) = try CSVRowBoundaryScannerTests.outcome(path, pieces: false)
            let (pieces, pieceError) = try CSVRowBoundaryScannerTests.outcome(path, pieces: true)
            #expect(pieces.map(\.provenance.line) == rows.map(\.provenance.line), "\(name)")
            #expect(pieces.map(\.damage?.code) == rows.map(\.damage?.code), "\(name)")
            #expect(pieceError == rowError, "\(name)")
            if name == "under" {
                #expect(rows.count == 2 && rows[1].damage?.code == .malformedRow && rowError == nil)
            } else {
                #expect(rows.count == 1)
                #expect(rowError == .malformed(path: path, line: 3, reason: "a value grows beyond 64 MiB (an unterminated quote?)"))
            }
        }
    }

    /// The quick scan (leaping from quote to quote) finds the boundaries and line feeds the
    /// table finds byte by byte, however the bytes are split between calls and whatever the
    /// delimiter.
    @Test(arguments: [(7, ","), (8, ";"), (9, "\t"), (10, " ")] as [(UInt64, String)])
    func quickScanIsTheTablesScan(seed: UInt64, delimiter: String) {
        let text = CSVRowBoundaryScannerTests.hostileFile(seed: seed, rows: 3_000, columns: 5, openQuoteAtEnd: seed % 2 == 0)
            .replacingOccurrences(of: ",", with: delimiter)
        let bytes = Array(text.utf8)
        var generator = SplitMix(seed: seed)
        var quick = CSVRowBoundaryScanner(delimiter: delimiter.utf8.first!)
        var table = quick
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 1 + Int(generator.next() % 700))
            bytes[start..<end].withUnsafeBytes { piece in
                let (fast, slow) = (quick.scan(piece), table.scanByTable(piece))
                #expect(fast.lineFeeds == slow.lineFeeds, "at \(start)")
                #expect(fast.boundary?.offset == slow.boundary?.offset && fast.boundary?.lineFeedsBefore == slow.boundary?.lineFeedsBefore, "at \(start)")
            }
            start = end
        }
    }
}
