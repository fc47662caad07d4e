import MCIngest
import Testing

@Suite struct FormatDetectorTests {
    @Test func eachFormatIsRecognisedByContent() throws {
        #expect(try FormatDetector.detect(head: Array("title,learner_id\nT,L\n".utf8), path: "x") == .csv)
        #expect(try FormatDetector.detect(head: Array("<?xml version=\"1.0\"?>\n<!-- c -->\n<credentials/>".utf8), path: "x") == .xml)
        #expect(try FormatDetector.detect(head: Array("<b><europassCredential xmlns=\"http://data.europa.eu/snb\"/></b>".utf8), path: "x") == .elmXML)
        #expect(try FormatDetector.detect(head: Array("  [{}]".utf8), path: "x") == .json)
        #expect(try FormatDetector.detect(head: Array("{\n  \"a\": 1\n}\n".utf8), path: "x") == .json)
        #expect(try FormatDetector.detect(head: Array("{\"a\": 1}\n{\"a\": 2}\n".utf8), path: "x") == .jsonLines)
    }

    @Test func csvIsRecognisedByContent() throws {
        #expect(try FormatDetector.detect(head: Array("credential_id,title\n".utf8), path: "x.txt") == .csv)
        #expect(try FormatDetector.detect(head: [0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8), path: "x") == .csv)
    }

    @Test func otherContentIsNamed() {
        #expect(throws: IngestError.empty(path: "x")) { try FormatDetector.detect(head: [], path: "x") }
        #expect(throws: IngestError.unsupportedFormat(path: "x", format: "zip archive")) {
            try FormatDetector.detect(head: [0x50, 0x4B, 0x03, 0x04, 0], path: "x")
        }
        #expect(throws: IngestError.self) { try FormatDetector.detect(head: [0xFF, 0xFE, 0x41, 0], path: "x.csv") }
        #expect(throws: IngestError.self) { try FormatDetector.detect(head: [0x00, 0x01, 0x02], path: "x.csv") }
        // A NUL near the start, on any line, names the bytes looked at, not "the first line".
        #expect(throws: IngestError.unknownFormat(path: "x.csv", seen: "binary data (a NUL byte in the first 512 bytes)")) {
            try FormatDetector.detect(head: Array("credential_id,title\nC-1,T\nC-2,A".utf8) + [0] + Array("B\n".utf8), path: "x.csv")
        }
        #expect(throws: IngestError.self) { try FormatDetector.detect(head: Array("\"just a string\"".utf8), path: "x.json") }
        #expect(throws: IngestError.self) { try FormatDetector.detect(head: Array("<html><body/></html>".utf8), path: "x.xml") }
    }
}
