import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// Canonical XML is cut like ELM XML: each `<credential>` recorded flat on the reading thread and
/// mapped where its piece is decoded. The pieces must give exactly the records `next()` gives,
/// and an unknown element's warning must come with the record that holds it.
@Suite final class CanonicalXMLReaderTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    /// `count` credentials: learning outcomes repeated in even records and `|`-joined in odd
    /// ones, a joint award every 10th, an unknown element in records 3 and 250 (and again in 251:
    /// warned once), a blank title every 7th.
    func file(count: Int) throws -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<credentials>\n"
        for n in 1...count {
            text += "  <credential>\n    <credential_id>X-\(n)</credential_id>\n    <learner_id>L-\(n % 40)</learner_id>\n"
            text += "    <title>\(n % 7 == 0 ? "  " : "Data &amp; society \(n)")</title>\n"
            text += "    <issuer_country>\(n % 10 == 0 ? "DE|AT" : "DE")</issuer_country>\n"
            text += "    <awarding_body_id>DE-\(n % 5)</awarding_body_id>\n    <issue_date>2025-03-\(10 + n % 18)</issue_date>\n"
            text += n % 2 == 0
                ? "    <learning_outcomes>Reads data</learning_outcomes>\n    <learning_outcomes>Explains charts</learning_outcomes>\n"
                : "    <learning_outcomes>Reads data|Explains charts</learning_outcomes>\n"
            if n == 3 { text += "    <internal_note>x</internal_note>\n" }
            if n == 250 || n == 251 { text += "    <matrikel>\(n)</matrikel>\n" }
            text += "    <ects>5</ects>\n    <assessment_type>project</assessment_type>\n"
            text += "    <participation_form>online</participation_form>\n    <quality_assurance>external</quality_assurance>\n"
            text += "  </credential>\n"
        }
        return try directory.write("canonical.xml", text + "</credentials>\n")
    }

    @Test func isCutIntoPiecesLikeELMXML() throws {
        let reader = try CanonicalXMLReader(path: try file(count: 2))
        #expect((reader as Any) is any PiecewiseRecordReader)
    }

    @Test func piecesGiveTheRecordsAndWarningsOfNext() throws {
        let path = try file(count: 600)
        var serial = try CanonicalXMLReader(path: path)
        var records: [RawRecord] = []
        var warningsAfter: [Int: [String]] = [:]
        while let record = try serial.next() {
            records.append(record)
            warningsAfter[records.count] = serial.fileIssues.compactMap(\.value)
        }
        var cut = try CanonicalXMLReader(path: path)
        var decoded: [RawRecord] = []
        // The pieces are decoded out of order, as threads would: what they give must not depend on it.
        var pieces: [RecordPiece] = []
        while let piece = try cut.nextPiece() {
            pieces.append(piece)
            #expect(cut.fileIssues.compactMap(\.value) == warningsAfter[pieces.count], "warnings after piece \(pieces.count)")
        }
        var byIndex: [Int: RawRecord] = [:]
        for index in pieces.indices.reversed() { byIndex[index] = try #require(try pieces[index].decode().first).record() }
        decoded = pieces.indices.map { byIndex[$0]! }
        #expect(decoded.count == 600)
        #expect(decoded == records)
        #expect(warningsAfter[2] == [])
        #expect(warningsAfter[3] == ["internal_note"])
        #expect(warningsAfter[600] == ["internal_note", "matrikel"])
        #expect(decoded[9].list(.issuerCountry) == ["DE", "AT"])
        #expect(decoded[0].list(.learningOutcomes) == ["Reads data", "Explains charts"])
        #expect(decoded[1].list(.learningOutcomes) == ["Reads data", "Explains charts"])
        #expect(decoded[0].text(.title) == "Data & society 1")
        #expect(decoded[0].provenance.line == 3)
    }

    @Test func aRootWithoutCredentialsIsNotCanonicalXML() throws {
        let path = try directory.write("other.xml", "<records><record><credential_id>A</credential_id></record></records>\n")
        var reader = try CanonicalXMLReader(path: path)
        #expect(throws: IngestError.self) { try reader.nextPiece() }
    }
}
