import Foundation
@testable import MCIngest
import MCModel
import MCTestSupport
import Testing

/// The run check lets a document pass without the attribute guard's count when no run of bytes
/// without a `<` holds more `=` bytes than a tag may have attributes; where one does, the guard
/// counts from the document's first byte and decides as before.
@Suite final class XMLAttributeRunCheckTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    /// The most `=` bytes in a run without a `<`, counted the plain way.
    static func longestRun(_ bytes: [UInt8]) -> Int {
        var longest = 0, current = 0
        for byte in bytes {
            if byte == UInt8(ascii: "<") { current = 0 } else if byte == UInt8(ascii: "=") { current += 1; longest = max(longest, current) }
        }
        return longest
    }

    /// Runs of `=` near the limit, filler runs around the block size, `<` between some: the
    /// check admits a document exactly when its longest run is within the limit, whatever the
    /// chunks it is given in.
    @Test func theCheckAdmitsExactlyTheDocumentsWithoutALongRun() {
        var generator = SplitMix(seed: 23)
        let limit = XMLAttributeRunCheck.limit
        var admittedSome = false, refusedSome = false
        for _ in 0..<60 {
            var bytes: [UInt8] = []
            for _ in 0..<(3 + Int(generator.next() % 6)) {
                switch generator.next() % 5 {
                case 0: bytes += [UInt8](repeating: UInt8(ascii: "="), count: limit - 2 + Int(generator.next() % 5))
                case 1: bytes += [UInt8](repeating: UInt8(ascii: "="), count: Int(generator.next() % 600))
                case 2: bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 500 + Int(generator.next() % 30))
                case 3: bytes += Array("x=\"1\" y='2'\n".utf8)
                default: bytes.append(UInt8(ascii: "<"))
                }
            }
            let expected = Self.longestRun(bytes) <= limit
            if expected { admittedSome = true } else { refusedSome = true }
            for chunk in [1, 7, 511, 512, 513, 1025, 4096, bytes.count] where chunk > 0 {
                var check = XMLAttributeRunCheck()
                var admitted = true
                var start = 0
                while start < bytes.count, admitted {
                    let end = min(start + chunk, bytes.count)
                    admitted = bytes[start..<end].withUnsafeBytes { check.admits($0) }
                    start = end
                }
                #expect(admitted == expected, "chunks of \(chunk), longest run \(Self.longestRun(bytes))")
            }
        }
        #expect(admittedSome && refusedSome)
    }

    /// A credential among others whose text holds more `=` than the limit, past the first
    /// chunk: the guard then counts from the file's first byte, so the document is read whole,
    /// and a tag of too many attributes after it is refused at its own line.
    @Test func aLongRunOfEqualsHasTheGuardCountFromTheStart() throws {
        let filler = (0..<4000).map { "<credential><credential_id>C-\($0)</credential_id><title>T</title></credential>\n" }.joined()
        let equals = String(repeating: "=", count: 1500)
        let head = "<?xml version=\"1.0\"?>\n<credentials>\n" + filler
            + "<credential><credential_id>C-E</credential_id><title>\(equals)</title></credential>\n"
        let readable = try directory.write("equals.xml", head + "</credentials>\n")
        var reader = try ReaderFactory.open(path: readable)
        var titles: [String] = []
        while let record = try reader.next() { if case .text(let title)? = record[.title] { titles.append(title) } else { titles.append("") } }
        #expect(titles.count == 4001)
        #expect(titles.last == equals)

        let many = (0...XMLAttributeRunCheck.limit).map { " a\($0)=\"v\"" }.joined()
        let line = head.count(where: { $0 == "\n" }) + 1
        let refused = try directory.write("refused.xml", head + "<credential\(many)><credential_id>C-X</credential_id></credential>\n</credentials>\n")
        #expect(throws: IngestError.unsafe(path: refused, line: line, reason: "an element has more than 1024 attributes")) {
            var reader = try ReaderFactory.open(path: refused)
            while try reader.next() != nil {}
        }
    }
}
