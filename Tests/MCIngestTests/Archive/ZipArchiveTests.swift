import Foundation
@testable import MCIngest
import MCTestSupport
import Testing
import ZIPFoundation

/// The zip reader against archives written by another implementation (ZIPFoundation), and
/// against damage: every member comes out byte for byte, and damage is named, never a loop.
@Suite struct ZipArchiveTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func make(_ name: String, _ members: [(String, Data, CompressionMethod)]) throws -> String {
        let url = directory.url.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        for (member, data, method) in members {
            try archive.addEntry(with: member, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url.path
    }

    func unpack(_ path: String, budget: UInt64 = 1 << 30) throws -> [String: Data] {
        let archive = try ZipArchive(path: path, maxMembers: 100)
        var out: [String: Data] = [:]
        var left = budget
        for member in archive.members {
            let file = try directory.write("out-\(out.count)", Data())
            let handle = try #require(FileHandle(forWritingAtPath: file))
            try archive.extract(member, to: handle, budget: &left)
            try handle.close()
            out[member.shownName] = try Data(contentsOf: URL(fileURLWithPath: file))
        }
        return out
    }

    @Test func readsStoredAndDeflatedMembersByteForByte() throws {
        let big = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 1000) })
        let text = Data(String(repeating: CanonicalCSV.row() + "\n", count: 2_000).utf8)
        let path = try make("a.zip", [("big.bin", big, .deflate), ("rows.csv", text, .none), ("empty.csv", Data(), .deflate)])
        let out = try unpack(path)
        #expect(out == ["big.bin": big, "rows.csv": text, "empty.csv": Data()])
    }

    @Test func theBudgetCountsBytesProduced() throws {
        let path = try make("b.zip", [("zeros.csv", Data(count: 100_000), .deflate)])
        #expect(throws: ZipArchive.Failure.overBudget) { try unpack(path, budget: 99_999) }
        #expect(try unpack(path, budget: 100_000)["zeros.csv"]?.count == 100_000)
    }

    @Test func aTruncatedArchiveIsDamagedNotALoop() throws {
        let path = try make("c.zip", [("rows.csv", Data(String(repeating: "x,y\n", count: 50_000).utf8), .deflate)])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Cut the member's deflate data in half, keeping the central directory: the stream cannot end.
        let directoryStart = bytes.count - 22 - 46 - "rows.csv".utf8.count
        let cut = bytes.prefix(30 + 8 + (directoryStart - 38) / 2) + bytes.suffix(from: directoryStart)
        bytes = Data(cut)
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: ZipArchive.Failure.self) { try unpack(path) }
    }

    @Test func notAZipIsDamaged() throws {
        let path = try directory.write("d.zip", "PK\u{3}\u{4} but nothing else")
        #expect(throws: ZipArchive.Failure.self) { _ = try ZipArchive(path: path, maxMembers: 10) }
    }
}
