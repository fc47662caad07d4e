import Foundation
import MCIngest
import MCNormalize
import MCPipeline
import MCTestSupport
import Testing

/// A file whose content turned out not to be the format its first bytes suggested reports no
/// format (`"format": null` in `validate --format json`, cli.md), as a file not recognised at
/// all does; a file that is the format but damaged keeps it.
@Suite struct FileReportFormatTests {
    let directory: TemporaryDirectory
    let service = IngestService(normalizer: Normalizer(pseudonymizer: .withoutKeys), progress: ProgressMeter(quiet: true), workers: 1)

    init() throws { directory = try TemporaryDirectory() }

    func report(_ name: String, _ text: String) throws -> FileReport {
        service.validate(InputFile(path: try directory.write(name, text)))
    }

    @Test func anXMLFileHoldingNoELMCredentialReportsNoFormat() throws {
        defer { directory.remove() }
        let plain = ELMFixtures.v2Credential(id: "urn:credential:N").replacingOccurrences(of: " xmlns=\"http://data.europa.eu/snb\"", with: "")
        let unread = try report("plain.xml", plain)
        #expect(unread.fatal?.code == "unknown_format")
        #expect(unread.format == nil)
        let loo = try report("loo.xml", "<learningOpportunities xmlns=\"http://data.europa.eu/snb\"><learningOpportunity id=\"a\"/></learningOpportunities>")
        #expect(loo.fatal?.code == "unknown_format")
        #expect(loo.format == nil)
        // Recognised but cut short: still ELM XML, and fatal for another reason.
        let cut = try report("cut.xml", String(ELMFixtures.v2Credential(id: "urn:credential:C").dropLast(40)))
        #expect(cut.fatal?.code == "malformed_file")
        #expect(cut.format == "elm-xml")
        #expect(try report("good.xml", ELMFixtures.v2Credential(id: "urn:credential:G")).format == "elm-xml")
    }
}
