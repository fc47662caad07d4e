import Foundation
import MCIngest
import MCModel
import MCNormalize
import Testing

/// Every input a fuzz target found a crash with (Fixtures/fuzz-regressions), replayed the way
/// that target reads it: through detection and the factory, then its own reader, then the
/// normalizer. Each must end in records or a clean ``IngestError``, never a trap.
@Suite struct FuzzRegressionTests {
    static let directory = Bundle.module.url(forResource: "Fixtures/fuzz-regressions", withExtension: nil)!

    /// The readers' inputs (the `yaml-` ones are pipeline files and profiles, replayed in
    /// MCPipelineTests).
    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0 != "README.md" && !$0.hasPrefix("yaml-") }.sorted()
    }

    @Test func thereAreRegressionsForTheTargetsThatFoundCrashes() {
        let targets = ["csv", "elm-xml", "canonical-xml", "json", "archive"]
        #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent("README.md").path),
                "the regression folder \(Self.directory.path) is missing from the test bundle")
        #expect(!Self.inputs.isEmpty, "no regression inputs in \(Self.directory.path)")
        #expect(Self.inputs.allSatisfy { name in targets.contains { name.hasPrefix($0 + "-") } })
    }

    /// Each input is read to its end by every reader that may meet it: the end comes (nil or a
    /// clean ``IngestError`` with a message) before more records than the input has bytes, and a
    /// time limit catches a hang that returns.
    @Test(.timeLimit(.minutes(10)), arguments: inputs)
    func replays(_ name: String) throws {
        let path = Self.directory.appendingPathComponent(name).path
        var read = 0
        if name.hasPrefix("archive-") {
            for item in InputExpander.files(at: path) {
                if case .success(let file) = item, file.skipReason == nil { read += drain { try ReaderFactory.open(path: file.path) } }
            }
        } else {
            read += drain { try ReaderFactory.open(path: path) }
            let direct: (String) throws(IngestError) -> any RecordReader = switch name.prefix(while: { $0 != "-" }) {
            case "csv": { path throws(IngestError) in try CSVReader(path: path) }
            case "elm": { path throws(IngestError) in try ELMXMLReader(path: path) }
            case "canonical": { path throws(IngestError) in try CanonicalXMLReader(path: path) }
            default: { path throws(IngestError) in try JSONDocumentReader(path: path) }
            }
            read += drain { try direct(path) }
            if name.hasPrefix("json-") { read += drain { try JSONLinesReader(path: path) } }
        }
        let bytes = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(read <= bytes, "\(name): \(read) records from \(bytes) bytes")
    }

    /// Found by the archive target: members whose deflate streams do not end inside their bytes
    /// (and one whose local header was overwritten) made the zip library read past the end of
    /// the file forever. Each is now a damaged member, named, and the archive is done at once.
    @Test func anArchiveWhoseDeflateStreamRunsPastItsMemberEndsAtOnce() throws {
        let path = Self.directory.appendingPathComponent("archive-hang-deflate-stream-past-member.zip").path
        let items = InputExpander.files(at: path)
        let refused = items.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        #expect(refused.map(\.path) == ["a.csv", "b/c.xml", "d.json"].map { path + "/" + $0 })
        #expect(refused.allSatisfy { $0.code == "malformed_file" })
        #expect(refused.map(\.message) == ["a member whose content does not match its CRC-32",
                                           "a member whose compressed data ends before its deflate stream does",
                                           "a member whose local header is not one"])
        let skipped = items.compactMap { try? $0.get() }.filter { $0.skipReason != nil }.map(\.displayPath)
        #expect(skipped == [path + "/.hidden.csv", path + "/README.md"])
    }

    /// Reads every record, normalizing each, until the reader ends or fails cleanly; returns how
    /// many were read. A reader that goes on past a bound of records per byte is a failure.
    func drain(_ open: () throws -> any RecordReader) -> Int {
        guard var reader = try? open() else { return 0 }
        var count = 0
        while count <= 1 << 24 {
            do {
                guard let record = try reader.next() else { return count }
                count += 1
                switch testNormalizer.normalize(record) {
                case .accepted: break
                case .rejected(let rejection, _): #expect(!rejection.issue.message.isEmpty)
                }
            } catch {
                #expect(!error.message.isEmpty, "a reader failed without saying why")
                return count
            }
        }
        Issue.record("a reader gave more than \(1 << 24) records")
        return count
    }
}
