import Foundation
import MCTestSupport
import Testing

/// `--output` writes into the path it is given, in place: a link is written through, not replaced
/// by a new file (as root, the same rename would turn `/dev/null` into a plain file).
@Suite struct StreamedOutputTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test func anOutputLinkIsWrittenThroughAndStaysALink() throws {
        let export = try directory.write("export.csv", CanonicalCSV.file([[:]]))
        let target = directory.url.appendingPathComponent("target.json").path
        let link = directory.url.appendingPathComponent("report.json").path
        #expect(FileManager.default.createFile(atPath: target, contents: Data("old".utf8)))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)

        let result = try MCStatProcess.run(["validate", "--format", "json", "--output", link, export], in: directory)
        #expect(result.status == 0)
        let kind = try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType
        #expect(kind == .typeSymbolicLink)
        let written = try Data(contentsOf: URL(fileURLWithPath: target))
        let json = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect((json["files"] as? [[String: Any]])?.count == 1)
    }
}
