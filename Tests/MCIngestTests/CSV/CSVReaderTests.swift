import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// Reads every record of a file.
func readAll(_ path: String) throws -> (records: [RawRecord], fileIssues: [ValidationIssue]) {
    var reader = try CSVReader(path: path)
    var records: [RawRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (records, reader.fileIssues)
}

@Suite final class CSVReaderTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    @Test func readsQuotedDelimitersQuotesAndLineBreaksWithStartLines() throws {
        let text = "credential_id,title,learner_id\n"
            + "C1,\"Data, basics\",L1\n"
            + "C2,\"Says \"\"hi\"\"\nacross\nthree lines\",L2\n"
            + "C3,plain,L3\n"
        let (records, issues) = try readAll(try directory.write("q.csv", text))
        #expect(issues.filter { $0.code == .unknownColumn }.isEmpty)
        #expect(records.map(\.provenance.line) == [2, 3, 6])
        #expect(records.map(\.provenance.record) == [1, 2, 3])
        #expect(records[0][.title] == .text("Data, basics"))
        #expect(records[1][.title] == .text("Says \"hi\"\nacross\nthree lines"))
        #expect(records.allSatisfy { $0.damage == nil })
    }

    @Test func handlesBOMAndCRLF() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("credential_id,title\r\nC1,First\r\nC2,\"Two\r\nlines\"\r\nC3,Third".utf8))
        let (records, _) = try readAll(try directory.write("crlf.csv", data))
        #expect(records.count == 3)
        #expect(records[0][.credentialId] == .text("C1"))
        #expect(records.map(\.provenance.line) == [2, 3, 5])
        #expect(records[1][.title] == .text("Two\r\nlines"))
        #expect(records[2][.title] == .text("Third"))
    }

    @Test func keepsLineNumbersAcrossChunkBoundaries() throws {
        // Rows with embedded line breaks every few rows, over several 64 KiB chunks.
        var text = "credential_id,title\n"
        var expected: [Int] = []
        var line = 2
        for n in 0..<6000 {
            expected.append(line)
            if n % 7 == 0 {
                text += "C\(n),\"multi\nline \(n)\"\n"
                line += 2
            } else {
                text += "C\(n),title number \(n) \(String(repeating: "x", count: n % 50))\n"
                line += 1
            }
        }
        #expect(text.utf8.count > 3 * CSVReader.chunkSize)
        let (records, _) = try readAll(try directory.write("big.csv", text))
        #expect(records.count == 6000)
        #expect(records.map(\.provenance.line) == expected)
        #expect(records[5999][.credentialId] == .text("C5999"))
    }

    /// A record whose first cell is quoted and spans lines starts on the line of its opening
    /// quote; the record after it on the line after its closing quote.
    @Test func startLineOfARecordWhoseFirstCellIsQuotedAndSpansLines() throws {
        let text = "credential_id,title\r\n\"C\n1\",first\r\n\"C\r\n\r\n2\",second\n\"C3\",\"third\nrow\"\nC4,fourth\n"
        let (records, _) = try readAll(try directory.write("spans.csv", text))
        #expect(records.map(\.provenance.line) == [2, 4, 7, 9])
        #expect(records.map { $0.text(.credentialId) } == ["C\n1", "C\r\n\r\n2", "C3", "C4"])
    }

    @Test func unterminatedQuoteAtEndRejectsOnlyTheLastRecord() throws {
        let text = "credential_id,title\nC1,ok\nC2,\"never closed\nC3,swallowed\n"
        let (records, _) = try readAll(try directory.write("open.csv", text))
        #expect(records.count == 2)
        #expect(records[0].damage == nil)
        #expect(records[1].damage?.code == .malformedRow)
        #expect(records[1].provenance.line == 3)
    }

    @Test func nulBytesDamageTheirRecord() throws {
        var data = Data("credential_id,title\nC1,bad".utf8)
        data.append(0)
        data.append(Data("byte\nC2,good\n".utf8))
        let (records, _) = try readAll(try directory.write("nul.csv", data))
        #expect(records.count == 2)
        #expect(records[0].damage?.code == .badEncoding)
        #expect(records[0].damage?.field == "title")
        #expect(records[1].damage == nil)
    }

    @Test func invalidUTF8DamagesItsRecord() throws {
        var data = Data("credential_id,title\nC1,caf".utf8)
        data.append(contentsOf: [0xE9, 0x0A])   // Latin-1 é, then LF
        data.append(Data("C2,café\n".utf8))
        let (records, _) = try readAll(try directory.write("latin1.csv", data))
        #expect(records[0].damage?.code == .badEncoding)
        #expect(records[0].damage?.line == 2)
        #expect(records[1].damage == nil)
        #expect(records[1][.title] == .text("café"))
    }

    @Test func wrongCellCountsAreMalformedRows() throws {
        let text = "credential_id,title,learner_id\nC1,too,many,cells\nC2,few\nC3,right,L3\n"
        let (records, _) = try readAll(try directory.write("cells.csv", text))
        #expect(records.map { $0.damage?.code } == [.malformedRow, .malformedRow, nil])
        #expect(records[0].damage?.message.contains("4 cells") == true)
    }

    @Test func anEightMegabyteFieldRejectsItsRecordAndReadingGoesOn() throws {
        let huge = String(repeating: "a", count: 8 * 1024 * 1024)
        let text = "credential_id,title\nC1,\"\(huge)\"\nC2,after\n"
        let (records, _) = try readAll(try directory.write("huge.csv", text))
        #expect(records.count == 2)
        #expect(records[0].damage?.code == .valueTooLong)
        #expect(records[1][.title] == .text("after"))
        #expect(records[1].provenance.line == 3)
    }

    @Test func emptyFileIsFatal() throws {
        let path = try directory.write("empty.csv", "")
        #expect(throws: IngestError.empty(path: path)) { try readAll(path) }
        let blank = try directory.write("blank.csv", "\n\n")
        #expect(throws: IngestError.empty(path: blank)) { try readAll(blank) }
    }

    @Test func headerOnlyHasNoRecords() throws {
        let (records, issues) = try readAll(try directory.write("header.csv", CanonicalCSV.header.joined(separator: ",") + "\n"))
        #expect(records.isEmpty)
        #expect(issues.isEmpty)
    }

    @Test func reportsUnknownAndMissingColumns() throws {
        let (_, issues) = try readAll(try directory.write("cols.csv", "credential_id,title,favourite_colour\nC1,T,blue\n"))
        #expect(issues.contains { $0.code == .unknownColumn && $0.value == "favourite_colour" })
        #expect(issues.contains { $0.code == .missingColumn && $0.field == "learner_id" })
    }

    @Test func aFileWithNoCanonicalColumnIsAnUnknownFormat() throws {
        let path = try directory.write("other.csv", "name;date;points\nAnna;2025-01-01;5\n")
        #expect(throws: IngestError.self) { try readAll(path) }
        do { _ = try readAll(path) } catch {
            guard case .unknownFormat = error as? IngestError else { Issue.record("wrong error \(error)"); return }
        }
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: IngestError.self) { try CSVReader(path: directory.path("nope.csv")) }
    }
}

@Suite struct MisalignedRowTests {
    @Test func aMisalignedRowKeepsNoValueThatCouldBeALearnerId() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // An unquoted comma in the title shifts the learner id into the next column.
        let path = try directory.write("shift.csv", "credential_id,title,learner_id,grade\nC1,Data, literacy,STU-42,A\nC2,Ok,STU-43,B\n")
        let (records, _) = try readAll(path)
        #expect(records[0].damage?.code == .malformedRow)
        #expect(records[0].values.isEmpty)
        #expect(records[1].values["learner_id"] == .text("STU-43"))
    }
}
