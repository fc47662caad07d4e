import Foundation
@testable import MCIngest
import MCModel
import MCNormalize
import MCTestSupport
import Testing

/// What an outside audit of the readers found (issue 19): date-times that trapped, an alias
/// that chose the wrong time zone, a JSON object read as missing, CSV headers that swallowed a
/// file or printed its rows, and an XML element whose attributes took libxml2 quadratic time.
@Suite final class AuditReadingTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    func only(_ name: String, _ text: String) throws -> RawRecord { try directory.onlyRecord(name, text) }

    static let hugeSeconds = "2025-03-14T07:04:9223372036854775807Z"

    static func openBadge(validFrom: String, country: String = "NL") -> String {
        """
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
         "issuer": {"id": "https://example.org/issuer", "name": "Example", "address": {"addressCountryCode": "\(country)"}},
         "validFrom": "\(validFrom)",
         "credentialSubject": {"id": "did:example:1", "achievement": {"name": "Badge", "creditsAvailable": 3,
           "criteria": {"narrative": "Writes SQL"}, "description": "Writes SQL"}}}
        """
    }

    // MARK: date-times too large to hold (trapped with an arithmetic overflow, exit 132)

    @Test(arguments: [hugeSeconds, "2025-03-14T07:9223372036854775807:00Z", "2025-03-14T9223372036854775807:04:00+01:00",
                      "2025-03-14T07:04:99Z", "2025-03-14T07:04:61Z", "2025-03-14T07:-5:00Z", "2025-03-14T07::00Z",
                      "1500-03-14T07:04:9223372036854775807Z"])
    func aTimeThatCannotBeIsNoDate(_ text: String) {
        #expect(CivilDate.date(text, country: "DE") == nil)
    }

    @Test func aLeapSecondAndMidnightAreTimes() {
        #expect(CivilDate.date("2016-12-31T23:59:60Z", country: "DE") == "2017-01-01")
        #expect(CivilDate.date("2025-03-14T24:00Z", country: nil) == "2025-03-15")
    }

    @Test func hugeSecondsAreABadIssueDateInEveryReader() throws {
        let xml = ELMFixtures.v2Credential(id: "urn:credential:H", issued: Self.hugeSeconds)
        let elm = ELMFixtures.v3Credential(validFrom: Self.hugeSeconds)
        let badge = Self.openBadge(validFrom: Self.hugeSeconds)
        for (name, text) in [("h.xml", xml), ("h.jsonld", elm), ("h.json", badge)] {
            let record = try only(name, text)
            #expect(record.text(.issueDate) == Self.hugeSeconds, "\(name)")
            guard case .rejected(let rejection, _) = testNormalizer.normalize(record) else { Issue.record("\(name) accepted"); continue }
            #expect(([rejection.issue.code] + (rejection.issue.also ?? [])).contains(.badIssueDate), "\(name)")
        }
    }

    @Test func hugeBirthDateTimesAreNoBirthYear() throws {
        let xml = ELMFixtures.v2Credential(id: "urn:credential:B")
            .replacingOccurrences(of: "<credentialSubject id=\"urn:epass:person:1\">",
                                  with: "<credentialSubject id=\"urn:epass:person:1\"><dateOfBirth>\(Self.hugeSeconds)</dateOfBirth>")
        let record = try only("b.xml", xml)
        #expect(record.text(.learnerBirthYear) == Self.hugeSeconds)
        guard case .accepted(let credential, _, let warnings) = testNormalizer.normalize(record) else {
            Issue.record("rejected"); return
        }
        #expect(credential.learnerBirthYear == nil)
        #expect(warnings.contains { $0.field == "learner_birth_year" })
    }

    // MARK: aliases choose the time zone (annex-i.md rule 28)

    @Test func anAliasIsItsCodeWhenChoosingTheTimeZone() throws {
        // 22:00 UTC on 31 December is already 1 January in Athens (UTC+2).
        for country in ["GR", "EL", "el"] {
            #expect(CivilDate.date("2024-12-31T22:00:00Z", country: country) == "2025-01-01", "\(country)")
        }
        #expect(CivilDate.date("2024-12-31T22:00:00Z", country: "UK") == "2024-12-31")
        #expect(CivilDate.date("1580-12-31T22:00:00Z", country: "EL") == CivilDate.date("1580-12-31T22:00:00Z", country: "GR"))
        let record = try only("el.json", Self.openBadge(validFrom: "2024-12-31T22:00:00Z", country: "EL"))
        #expect(record.list(.issuerCountry) == ["EL"])
        #expect(record.text(.issueDate) == "2025-01-01")
    }

    // MARK: present but unreadable is bad, never missing (annex-i.md rule 26)

    @Test func anObjectWhereANumberIsExpectedIsABadValue() throws {
        var record = CanonicalCSV.base.mapValues { JSONText.string($0) }
        record["ects"] = "{\"value\": 5, \"unit\": \"ECTS\"}"
        let json = "[{" + record.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}]"
        let read = try only("o.json", json)
        guard case .rejected(let rejection, _) = testNormalizer.normalize(read) else { Issue.record("accepted"); return }
        #expect(rejection.issue.code == .badEcts)
        #expect(rejection.issue.value == "{\"value\":5,\"unit\":\"ECTS\"}")
        #expect(rejection.issue.pointer == "/0/ects")
    }

    @Test func anObjectWhereATextIsExpectedIsAbsentWithAWarning() throws {
        var record = CanonicalCSV.base.mapValues { JSONText.string($0) }
        record["title"] = "{\"en\": \"Data literacy\"}"
        record["learner_id"] = "{\"id\": \"SECRET-LEARNER\"}"
        let json = "[{" + record.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}]"
        let read = try only("t.json", json)
        guard case .rejected(let rejection, let warnings) = testNormalizer.normalize(read) else { Issue.record("accepted"); return }
        #expect(rejection.issue.code == .missingTitle)
        #expect(Set(warnings.compactMap(\.field)) == ["title", "learner_id"])
        #expect(warnings.allSatisfy { $0.message.contains("JSON object") && $0.value == nil })
        #expect(!"\(warnings)".contains("SECRET-LEARNER"))
    }

    // MARK: CSV headers

    /// A quote opened in the header and never closed swallows the file into one cell: the
    /// header is refused by its shape, and nothing of the rows is printed.
    @Test func aHeaderThatSpansLinesIsRefusedByItsShape() throws {
        let header = CanonicalCSV.header.joined(separator: ",").replacingOccurrences(of: "title,", with: "\"title,")
        let rows = (0..<3).map { CanonicalCSV.row(["learner_id": "SECRET-\($0)", "title": "Anna Secretname"]) }
        let path = try directory.write("quote.csv", ([header] + rows).joined(separator: "\n") + "\n")
        for pieces in [false, true] {
            var reader = try CSVReader(path: path)
            var error: IngestError?
            do {
                if pieces { while try reader.nextPiece() != nil {} } else { while try reader.next() != nil {} }
            } catch let failure { error = failure }
            let failure = try #require(error)
            #expect(failure.code == "malformed_file")
            #expect(failure.message.contains("spans several lines"))
            #expect(failure.message.contains("a row of"))
            #expect(!failure.message.lowercased().contains("secret"))
        }
    }

    /// A header glued to the first row has more cells than any row: refused once every row was
    /// read (no row fits it), and its odd cells are not printed as column names.
    @Test func aHeaderNoRowFitsIsRefusedAtTheEnd() throws {
        let glued = CanonicalCSV.header.joined(separator: ",") + CanonicalCSV.row(["learner_id": "SECRET-0", "title": "Anna Secretname"])
        let rows = (1..<4).map { CanonicalCSV.row(["learner_id": "SECRET-\($0)", "credential_id": "C-\($0)"]) }
        let path = try directory.write("glued.csv", ([glued] + rows).joined(separator: "\n") + "\n")
        var reader = try ReaderFactory.open(path: path)
        var records = 0
        while try reader.next() != nil { records += 1 }
        #expect(records == 3)
        #expect(throws: IngestError.self) { try reader.finish() }
        do { try reader.finish() } catch {
            #expect(error.message.contains("no row of the file has as many cells"))
            #expect(!error.message.lowercased().contains("secret"))
        }
        // A header-only file glued the same way has no row at all.
        let alone = try directory.write("alone.csv", glued + "\n")
        var only = try ReaderFactory.open(path: alone)
        while try only.next() != nil {}
        #expect(throws: IngestError.self) { try only.finish() }
    }

    @Test func anUnknownColumnThatRowsFitIsAWarningWithItsName() throws {
        let header = CanonicalCSV.header.joined(separator: ",") + ",notes"
        let path = try directory.write("notes.csv", header + "\n" + CanonicalCSV.row() + ",x\n")
        var reader = try ReaderFactory.open(path: path)
        while try reader.next() != nil {}
        try reader.finish()
        #expect(reader.fileIssues.map(\.code) == [.unknownColumn])
        #expect(reader.fileIssues.first?.message.hasSuffix(": notes") == true)
    }

    @Test func aSecondLearnerIdColumnIsNamedADuplicate() throws {
        let header = CanonicalCSV.header.joined(separator: ",") + ",learner_id"
        let path = try directory.write("dup.csv", header + "\n" + CanonicalCSV.row() + ",L-2\n")
        var reader = try ReaderFactory.open(path: path)
        while try reader.next() != nil {}
        let issue = try #require(reader.fileIssues.first)
        #expect(issue.message.contains("the column learner_id appears 2 times"))
        #expect(!issue.message.contains("canonical layout"))
    }

    /// A 2 MiB header row (the audit's was 160 MB and took 1.55 GB) is refused at 1 MiB,
    /// before it is held whole.
    @Test func aHeaderLongerThanOneMebibyteIsRefused() throws {
        let cells = (0..<200_000).map { "column_\($0)" }.joined(separator: ",")
        let path = try directory.write("wide.csv", CanonicalCSV.header.joined(separator: ",") + "," + cells + "\n" + CanonicalCSV.row() + "\n")
        for pieces in [false, true] {
            var reader = try CSVReader(path: path)
            #expect(throws: IngestError.self) {
                if pieces { while try reader.nextPiece() != nil {} } else { while try reader.next() != nil {} }
            }
        }
    }

    // MARK: XML attributes

    static func element(attributes: Int) -> String {
        let list = (0..<attributes).map { " a\($0)=\"\($0)\"" }.joined()
        return "<?xml version=\"1.0\"?>\n<!-- a=1 b=2 -->\n<credentials><credential\(list)><credential_id>C-1</credential_id></credential></credentials>\n"
    }

    /// libxml2 checks a tag's attributes pairwise: 60,000 took 13 s. Such a tag is refused by
    /// a count made while the bytes pass, before libxml2 parses it.
    @Test func aTagOfSixtyThousandAttributesIsRefusedUnread() throws {
        let path = try directory.write("attrs.xml", Self.element(attributes: 60_000))
        #expect(throws: IngestError.unsafe(path: path, line: 3, reason: "an element has more than 1024 attributes")) {
            var reader = try ReaderFactory.open(path: path)
            while try reader.next() != nil {}
        }
        let allowed = try directory.write("allowed.xml", Self.element(attributes: XMLAttributeGuard.maxAttributes))
        var reader = try ReaderFactory.open(path: allowed)
        var records = 0
        while try reader.next() != nil { records += 1 }
        #expect(records == 1)
    }

    /// The guard names the line of the tag it refuses, whatever the chunks: lines are counted in
    /// text, in quoted values, in comments and in end tags, also where it jumps over them.
    @Test func theGuardCountsLinesAcrossChunks() {
        let many = (0...XMLAttributeGuard.maxAttributes).map { " a\($0)=\"v\"" }.joined()
        let text = "<?xml version=\"1.0\"?>\n<!-- a\nb -->\n<r x=\"1\n2\">\ntext\n\n<b>more</b\n>\n<c y='\n'/>\n<d\(many)/></r>\n"
        for chunk in [1, 2, 3, 7, 64, 100_000] {
            var guardrail = XMLAttributeGuard()
            let bytes = Array(text.utf8)
            var start = 0
            var refused: Int?
            while start < bytes.count, refused == nil {
                let end = min(start + chunk, bytes.count)
                refused = bytes[start..<end].withUnsafeBytes { guardrail.scan($0) }
                start = end
            }
            #expect(refused == 12, "chunks of \(chunk)")
        }
    }

    /// The guard counts the newlines of a run eight bytes at a time: exactly the 0x0A bytes, at
    /// any start and length, beside bytes one bit or one carry away from a newline.
    @Test func theGuardCountsNewlinesWordByWord() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet: [UInt8] = [0x0A, 0x0B, 0x09, 0x00, 0x01, 0x8A, 0x7F, 0x80, 0xFF, 0x3C, 0x0A, 0x0A]
        let bytes = (0..<600).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return alphabet[Int(state >> 59) % alphabet.count]
        }
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            for start in 0..<20 {
                for end in stride(from: start, through: bytes.count, by: 7) {
                    let expected = bytes[start..<end].filter { $0 == 0x0A }.count
                    #expect(XMLAttributeGuard.newlines(base, from: start, to: end) == expected, "\(start)..<\(end)")
                }
            }
        }
    }

    /// The guard counts each attribute once, in one pass, whatever the chunks: markup that is not
    /// a start tag and quoted values hold no attributes.
    @Test func theGuardCountsAttributesOnceAcrossChunks() {
        let text = "<?xml version=\"1.0\"?><!-- x=1 --><a b=\"1\" c='=' d = \"x>y\"><![CDATA[ e=1 ]]><f g=\"2\"/><x:h-1 i.2:j=\"3\"></x:h-1></a>"
        for chunk in [1, 3, 7, 1000] {
            var guardrail = XMLAttributeGuard()
            let bytes = Array(text.utf8)
            var start = 0
            while start < bytes.count {
                let end = min(start + chunk, bytes.count)
                #expect(bytes[start..<end].withUnsafeBytes { guardrail.scan($0) } == nil)
                start = end
            }
            #expect(guardrail.counted == 5, "chunks of \(chunk)")
        }
    }
}
