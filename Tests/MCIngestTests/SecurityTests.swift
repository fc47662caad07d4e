import Foundation
@testable import MCIngest
import MCModel
import MCTestSupport
import Testing

/// Hostile inputs: each is refused with a clear error, quickly, and leaks nothing.
@Suite final class SecurityTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    func fatal(_ path: String) -> IngestError? {
        do { _ = try readRecords(path); return nil } catch { return error as? IngestError }
    }

    @Test func externalEntitiesAreNeverRead() throws {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE europassCredential [ <!ENTITY secret SYSTEM "file:///etc/passwd"> <!ENTITY remote SYSTEM "http://example.invalid/x"> ]>
            <europassCredential xmlns="http://data.europa.eu/snb" xmlns:cred="http://data.europa.eu/europass/model/credentials/w3c#" cred:id="urn:credential:x">
              <credentialSubject id="&secret;"><achievements><learningAchievement><title><text lang="en">&secret;&remote;</text></title></learningAchievement></achievements></credentialSubject>
            </europassCredential>
            """
        let error = try #require(fatal(try directory.write("xxe.xml", xxe)))
        // Refused at the DTD that declares the entities (line 2), before it is read.
        guard case .unsafe(_, let line, let reason) = error else { Issue.record("\(error)"); return }
        #expect(line == 2)
        #expect(reason.contains("DTD"))
        #expect(!error.description.contains("root:"))
        // The same entity in element content: refused at the DTD.
        let inContent = xxe.replacingOccurrences(of: "id=\"&secret;\"", with: "id=\"x\"")
        let second = try #require(fatal(try directory.write("xxe2.xml", inContent)))
        guard case .unsafe(_, _, let secondReason) = second else { Issue.record("\(second)"); return }
        #expect(secondReason.contains("DTD") || secondReason.contains("entity"))
        #expect(!second.description.contains("root:"))
    }

    @Test func billionLaughsFailsAtOnce() throws {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            text += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        text += "]>\n<credentials><credential><title>&lol9;</title></credential></credentials>\n"
        let path = try directory.write("lolz.xml", text)
        let peakBefore = peakResidentBytes()
        let error = try #require(fatal(path))
        // Refused as unsafe at the DTD (line 2), before any text: &lol9; expands to 3 GB, which an
        // expanding parser cannot hold in 512 MB more memory.
        guard case .unsafe(_, let line, let reason) = error else { Issue.record("\(error)"); return }
        #expect(line == 2)
        #expect(reason.contains("DTD") || reason.contains("entity"))
        #expect(!error.description.contains("lollol"))
        #expect(peakResidentBytes() - peakBefore < 512 << 20)
    }

    /// A DTD alone, with no entity, is refused too: at its own line, not "line -1".
    @Test func dtdWithoutEntitiesIsRefusedAtItsLine() throws {
        let canonical = "<?xml version=\"1.0\"?>\n<!-- export -->\n<!DOCTYPE credentials SYSTEM \"http://example.invalid/credentials.dtd\">\n"
            + "<credentials><credential><credential_id>C-1</credential_id></credential></credentials>\n"
        let elm = "<?xml version=\"1.0\"?>\n<!DOCTYPE europassCredential PUBLIC \"-//X//EN\" \"http://example.invalid/e.dtd\">\n"
            + ELMFixtures.v2Credential(id: "urn:credential:D")
        for (name, text, expectedLine) in [("dtd.xml", canonical, 3), ("dtd-elm.xml", elm, 2)] {
            let error = try #require(fatal(try directory.write(name, text)), "\(name) was read")
            guard case .unsafe(_, let line, let reason) = error else { Issue.record("\(name): \(error)"); continue }
            #expect(line == expectedLine, "\(name)")
            #expect(reason.contains("DTD"), "\(name)")
        }
    }

    @Test func truncatedXMLIsMalformedWithItsLine() throws {
        let whole = ELMFixtures.v2Credential(id: "urn:credential:T")
        let path = try directory.write("cut.xml", String(whole.prefix(whole.count / 2)))
        let error = try #require(fatal(path))
        guard case .malformed(_, let line, _) = error else { Issue.record("\(error)"); return }
        #expect((line ?? 0) > 1)
    }

    @Test func deeplyNestedJSONFailsCleanly() throws {
        let depth = 200_000
        let path = try directory.write("deep.json", String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        let error = try #require(fatal(path))
        guard case .unsafe(_, _, let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("deeper than"))
        let objects = try directory.write("deep-objects.json", String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth))
        #expect(fatal(objects) != nil)
    }

    @Test func invalidUTF8IsRefusedWithAClearError() throws {
        var xml = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<credentials><credential><title>caf".utf8)
        xml.append(contentsOf: [0xE9])
        xml.append(Data("</title></credential></credentials>\n".utf8))
        let xmlError = try #require(fatal(try directory.write("latin1.xml", xml)))
        guard case .malformed(_, let line, let reason) = xmlError else { Issue.record("\(xmlError)"); return }
        #expect(line == 2)
        #expect(reason.localizedCaseInsensitiveContains("utf-8") || reason.localizedCaseInsensitiveContains("encoding"))

        var json = Data("{\"credential_id\": \"caf".utf8)
        json.append(contentsOf: [0xE9])
        json.append(Data("\"}".utf8))
        let jsonError = try #require(fatal(try directory.write("latin1.json", json)))
        guard case .malformed(_, _, let jsonReason) = jsonError else { Issue.record("\(jsonError)"); return }
        #expect(jsonReason.contains("UTF-8"))
    }
}

@Suite struct JSONParserTests {
    @Test func parsesAndKeepsOrder() throws {
        let value = try JSONParser.parse(Array(#"{"b": [1, -2.5e3, true, null], "a": "\u00e9\n\ud83d\ude00", "c": {}}"#.utf8))
        #expect(value.members.map(\.key) == ["b", "a", "c"])
        #expect(value["b"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .null]))
        #expect(value["a"] == .string("é\n😀"))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"a\nb\"", "[1] [2]", "tru", "\"\\ud800\""])
    func refusesInvalidJSON(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func reportsTheLine() {
        do {
            _ = try JSONParser.parse(Array("{\n  \"a\": 1,\n  \"b\": ?\n}".utf8))
            Issue.record("parsed")
        } catch let failure as JSONParser.Failure {
            #expect(failure.line == 3)
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite struct CivilDateTests {
    @Test(arguments: [
        ("2022-12-31T23:00:00Z", "BE", "2023-01-01"), ("2022-12-31T23:00:00Z", "IE", "2022-12-31"),
        ("2022-12-31T23:00:00+00:00", "GR", "2023-01-01"), ("2023-06-30T22:30:00Z", "ES", "2023-07-01"),
        ("2025-03-14", "BE", "2025-03-14"), ("2025-03-14T23:59:59", "BE", "2025-03-14"),
        ("2020-03-31T00:00:00+02:00", "FR", "2020-03-31"), ("2025-01-01T01:00:00.123+05:00", nil, "2024-12-31"),
    ] as [(String, String?, String)])
    func convertsToTheIssuerCountrysDay(_ text: String, _ country: String?, _ expected: String) {
        #expect(CivilDate.date(text, country: country) == expected)
    }

    /// The arithmetic gives the day Foundation's calendars give, over years, zones and offsets.
    @Test func arithmeticDaysAreTheCalendarsDays() {
        var random = SplitMix(seed: 11)
        let countries = [nil, "BE", "IE", "PT", "FI", "IS", "TR", "CY", "RU", "KZ", "XX"] as [String?]
        for _ in 0..<3_000 {
            let year = 1600 + Int(random.next() % 800)
            let month = 1 + Int(random.next() % 12)
            let date = CalendarDate(year: year, month: month, day: 1 + Int(random.next() % UInt64(CalendarDate.daysIn(month: month, year: year))))!
            let (hour, minute, second) = (Int(random.next() % 25), Int(random.next() % 60), Int(random.next() % 60))
            let offset = (Int(random.next() % 57) - 28) * 1800
            let country = countries[Int(random.next() % UInt64(countries.count))]
            #expect(CivilDate.day(of: date, hour: hour, minute: minute, second: second, offsetSeconds: offset, country: country)
                    == CivilDate.calendarDay(of: date, hour: hour, minute: minute, second: second, offsetSeconds: offset, country: country),
                    "\(date) \(hour):\(minute):\(second) \(offset) \(country ?? "-")")
        }
    }

    @Test(arguments: ["", "2025-02-30", "yesterday", "2025-01-01X", "2025-01-01T25:00"])
    func refusesNonDates(_ text: String) {
        #expect(CivilDate.date(text, country: "BE") == nil)
    }

    @Test(arguments: [("PT60H", 60), ("PT90M", 1), ("P2D", 48), ("P1DT2H", 26), ("PT1.5H", 1), ("P60M", 43800)] as [(String, Int)])
    func durationsBecomeHours(_ text: String, _ hours: Int) {
        #expect(CivilDate.hours(text) == hours)
    }

    @Test(arguments: ["60", "PT", "P", "PTH", "P1H", "PT5X"])
    func refusesNonDurations(_ text: String) {
        #expect(CivilDate.hours(text) == nil)
    }
}

/// The process's peak resident memory so far (VmHWM), in bytes; 0 when unknown.
func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kilobytes * 1024
}
