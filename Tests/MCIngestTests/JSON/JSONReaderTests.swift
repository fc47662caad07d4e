import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing
import ZIPFoundation

@Suite final class JSONReaderTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    @Test func plainWrappedAndSignedGiveTheSameRecord() throws {
        let credential = ELMFixtures.v3Credential()
        let plain = try readRecords(try directory.write("plain.jsonld", credential))
        let wrapped = try readRecords(try directory.write("wrapped.json", "{\"credential\": \(credential)}"))
        let payload = String(decoding: try JSONSerialization.data(withJSONObject: [credential], options: []), as: UTF8.self)
            .dropFirst().dropLast()   // the credential as one escaped JSON string
        let signed = try readRecords(try directory.write("signed.json", "{\"payload\": \(payload), \"signatures\": [{\"protected\": \"x\", \"signature\": \"y\"}]}"))
        for result in [plain, wrapped, signed] {
            #expect(result.format == .elmJSONLD)
            #expect(result.records.count == 1)
            #expect(result.records[0].values == plain.records[0].values)
        }
        #expect(wrapped.records[0].locations["title"]?.pointer == "/credential/credentialSubject/hasClaim/title")
        #expect(signed.records[0].locations["title"]?.pointer == "/payload/credentialSubject/hasClaim/title")
    }

    @Test func ebsiArraysAndLanguageMapsOfArraysReadTheSame() throws {
        let plain = try readRecords(try directory.write("plain.json", ELMFixtures.v3Credential()))
        let ebsi = try readRecords(try directory.write("ebsi.json", ELMFixtures.v3Credential(ebsi: true)))
        let r = try #require(ebsi.records.first)
        #expect(r.values == plain.records[0].values)
        #expect(r.text(.title) == "Water management")               // en preferred over the first (fr)
        #expect(r.text(.awardingBodyId) == "BE-UT-1")              // reference resolved to the issuer
        #expect(r.list(.issuerCountry) == ["BE"])
        #expect(r.text(.issueDate) == "2023-01-01")                 // 23:00Z is New Year in Brussels
        #expect(r.text(.ects) == "7,5")
        #expect(r.text(.eqfLevel) == "7")
        #expect(r.text(.participationForm) == "onsite")
        #expect(r.text(.assessmentType) == "project")
        #expect(r.text(.qualityAssurance) == "external")
        #expect(r.text(.iscedF) == "0532")
        #expect(r.text(.grade) == "Very good")
        #expect(r.list(.learningOutcomes) == ["Models river basins", "Plans flood defences"])
        // P60M is 60 months: implausible for 7.5 ECTS, kept with a warning.
        #expect(r.notes.map(\.code) == [.implausibleWorkload])
        guard case .accepted(let credential, _, let warnings) = testNormalizer.normalize(r) else { Issue.record("rejected"); return }
        #expect(credential.ects == Decimal(string: "7.5"))
        #expect(warnings.map(\.code) == [.implausibleWorkload])
    }

    @Test func languageMapWithoutEnglishTakesTheFirstLanguage() throws {
        let cursor = JSONCursor(try JSONParser.parse(Array("{\"t\": {\"nl\": \"Eerste\", \"de\": \"Zweite\"}}".utf8)))
        #expect(cursor["t"]?.text == "Eerste")
        let english = JSONCursor(try JSONParser.parse(Array("{\"t\": {\"nl\": \"Eerste\", \"en\": [\"English\"]}}".utf8)))
        #expect(english["t"]?.text == "English")
    }

    @Test func canonicalJSONArrayWithNumbersOrStrings() throws {
        let numbers = """
            [{"credential_id": "C-1", "learner_id": "L-1", "title": "Data", "issuer_country": ["DE", "FR"],
              "awarding_body_id": "HS-1", "issue_date": "2025-03-14", "learning_outcomes": ["Reads | data", "Explains"],
              "ects": 2.5, "workload_hours": 60, "eqf_level": 6, "assessment_type": "project",
              "participation_form": "online", "quality_assurance": "internal", "grade": null},
             {"credential_id": "C-2"}]
            """
        let strings = """
            [{"credential_id": "C-1", "learner_id": "L-1", "title": "Data", "issuer_country": "DE|FR",
              "awarding_body_id": "HS-1", "issue_date": "2025-03-14", "learning_outcomes": ["Reads | data", "Explains"],
              "ects": "2.5", "workload_hours": "60", "eqf_level": "6", "assessment_type": "project",
              "participation_form": "online", "quality_assurance": "internal"}]
            """
        let a = try readRecords(try directory.write("numbers.json", numbers))
        let b = try readRecords(try directory.write("strings.json", strings))
        #expect(a.format == .json && b.format == .json)
        #expect(a.records.count == 2)
        guard case .accepted(let first, _, _) = testNormalizer.normalize(a.records[0]),
              case .accepted(let second, _, _) = testNormalizer.normalize(b.records[0]) else { Issue.record("rejected"); return }
        #expect(first == second)
        #expect(first.learningOutcomes == ["Reads | data", "Explains"])
        #expect(first.ects == Decimal(string: "2.5"))
        #expect(first.eqfLevel == 6)
        guard case .rejected(let rejection, _) = testNormalizer.normalize(a.records[1]) else { Issue.record("accepted"); return }
        #expect(rejection.issue.code == .missingTitle)
        #expect(rejection.issue.pointer == "/1")
        #expect(rejection.issue.line == 5)
    }

    @Test func fieldIssuesCarryAPointer() throws {
        let path = try directory.write("bad.json", "[{\"credential_id\": \"C-1\", \"learner_id\": \"L\", \"title\": \"T\", \"issuer_country\": \"DE\", \"awarding_body_id\": \"B\", \"issue_date\": \"2025-02-30\", \"learning_outcomes\": \"x\", \"ects\": 1, \"assessment_type\": \"quiz\", \"participation_form\": \"online\", \"quality_assurance\": \"internal\"}]")
        let (_, records) = try readRecords(path)
        guard case .rejected(let rejection, _) = testNormalizer.normalize(records[0]) else { Issue.record("accepted"); return }
        #expect(rejection.issue.code == .badIssueDate)
        #expect(rejection.issue.pointer == "/0/issue_date")
        #expect(rejection.issue.record == 1)
    }

    @Test func jsonLinesKeepLinesAndRejectOnlyTheBrokenLine() throws {
        let good = "{\"credential_id\": \"C-1\", \"learner_id\": \"L-1\", \"title\": \"T\", \"issuer_country\": \"DE\", \"awarding_body_id\": \"B\", \"issue_date\": \"2025-01-02\", \"learning_outcomes\": [\"x\"], \"ects\": 5, \"assessment_type\": \"quiz\", \"participation_form\": \"online\", \"quality_assurance\": \"internal\"}"
        let text = good + "\n\n{\"credential_id\": \"C-2\", broken\n" + good.replacingOccurrences(of: "C-1", with: "C-3") + "\r\n" + ELMFixtures.v3Credential().replacingOccurrences(of: "\n", with: " ") + "\n"
        let (format, records) = try readRecords(try directory.write("lines.jsonl", text))
        #expect(format == .jsonLines)
        #expect(records.count == 4)
        #expect(records.map(\.provenance.line) == [1, 3, 4, 5])
        #expect(records.map(\.provenance.record) == [1, 2, 3, 4])
        #expect(records[1].damage?.code == .malformedRow)
        #expect(records[0].rejectReason == nil && records[2].rejectReason == nil)
        #expect(records[3].text(.title) == "Water management")   // a credential per line works too
    }

    @Test func unknownJSONIsAFatalErrorNamingWhatWasSeen() throws {
        let path = try directory.write("other.json", "{\"name\": \"x\", \"points\": 3}")
        #expect(throws: IngestError.self) { try readRecords(path) }
        do { _ = try readRecords(path) } catch let error as IngestError {
            guard case .unknownFormat(_, let seen) = error else { Issue.record("\(error)"); return }
            #expect(seen.contains("name, points"))
        }
    }

    @Test func directoriesAndZipArchivesExpandToTheirFiles() throws {
        try directory.write("in/a.json", ELMFixtures.v3Credential(id: "urn:credential:A"))
        try directory.write("in/sub/b.xml", ELMFixtures.v2Credential(id: "urn:credential:B"))
        try directory.write("in/.hidden.json", "not read")
        let archivePath = directory.url.appendingPathComponent("in/batch.zip")
        let archive = try Archive(url: archivePath, accessMode: .create)
        for (name, text) in [("one.json", ELMFixtures.v3Credential(id: "urn:credential:Z1")),
                             ("two/two.xml", ELMFixtures.v2Credential(id: "urn:credential:Z2")),
                             ("../escape.json", "{}")] {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let inputs = InputExpander.files(at: directory.path("in"))
        let files = inputs.compactMap { try? $0.get() }.filter { $0.skipReason == nil }
        #expect(files.map(\.displayPath) == [directory.path("in") + "/a.json", directory.path("in") + "/batch.zip/one.json",
                                             directory.path("in") + "/batch.zip/two/two.xml", directory.path("in") + "/sub/b.xml"])
        // Nothing dropped in silence: the hidden file is named, the escaping member refused.
        let skipped = inputs.compactMap { try? $0.get() }.filter { $0.skipReason != nil }
        #expect(skipped.map(\.displayPath) == [directory.path("in") + "/.hidden.json"])
        let refused = inputs.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        #expect(refused.map(\.path) == [directory.path("in") + "/batch.zip/../escape.json"])
        #expect(refused.map(\.code) == ["unsafe_input"])
        let ids = try files.flatMap { try readRecords($0.path).records.map { $0.text(.credentialId) ?? "" } }
        #expect(ids == ["urn:credential:A", "urn:credential:Z1", "urn:credential:Z2", "urn:credential:B"])
    }
}
