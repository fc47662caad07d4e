import Foundation
import MCTestSupport
import Testing

/// Hostile files through the command line: each exits 3 with a message, nothing leaks, and the
/// other inputs are still processed.
@Suite final class HostileInputTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    @Test func everyHostileFileExitsThreeWithAMessage() throws {
        let xxe = try directory.write("xxe.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE credentials [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <credentials><credential><credential_id>C-1</credential_id><title>&secret;</title></credential></credentials>
            """)
        var lolz = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 { lolz += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n" }
        lolz += "]>\n<credentials><credential><title>&lol9;</title></credential></credentials>\n"
        let bomb = try directory.write("lolz.xml", lolz)
        let truncated = try directory.write("cut.xml", String(ELMFixtures.v2Credential(id: "urn:credential:T").prefix(700)))
        let deep = try directory.write("deep.json", String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000))
        let badJSON = try directory.write("bad.json", Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xE9, 0x22, 0x7D]))
        let dtdOnly = try directory.write("dtd.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE credentials SYSTEM "http://example.invalid/credentials.dtd">
            <credentials><credential><credential_id>C-1</credential_id></credential></credentials>
            """)
        let good = try directory.write("good.csv", CanonicalCSV.file([[:]]))
        for hostile in [xxe, bomb, truncated, deep, badJSON, dtdOnly] {
            let result = try MCStatProcess.run(["validate", "--format", "json", hostile, good], in: directory)
            #expect(result.status == 3, "\(hostile)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let files = try #require(json["files"] as? [[String: Any]])
            let fatal = try #require(files[0]["fatal"] as? [String: Any], "\(hostile)")
            #expect((fatal["message"] as? String)?.isEmpty == false)
            #expect(["unsafe_input", "malformed_file"].contains(fatal["code"] as? String))
            #expect(files[1]["accepted"] as? Int == 1)   // the good file was still read
            #expect(!result.stdout.contains("root:x:0"))
            if let line = fatal["line"] as? Int { #expect(line >= 1, "\(hostile)") }
        }
        // Ingest: nothing of /etc/passwd reaches the store.
        let ingest = try MCStatProcess.run(["ingest", "--store", "s.sqlite", xxe, good], in: directory)
        #expect(ingest.status == 3)
        #expect(ingest.stdout.contains("cannot be read"))
        var store = try Data(contentsOf: directory.url.appendingPathComponent("s.sqlite"))
        if let wal = try? Data(contentsOf: directory.url.appendingPathComponent("s.sqlite-wal")) { store.append(wal) }
        #expect(!String(decoding: store, as: UTF8.self).contains("root:x:0"))
        #expect(!(ingest.stdout + ingest.stderr).contains("root:x:0"))
    }

    /// &lol9; expands to 3 GB of text. Run in 1 GiB of address space and killed after 20 s, an
    /// expanding parser could not answer at all; mcstat refuses the file at its DTD (line 2).
    @Test func billionLaughsIsRefusedWithinBoundedMemoryAndTime() throws {
        var lolz = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 { lolz += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n" }
        lolz += "]>\n<credentials><credential><title>&lol9;</title></credential></credentials>\n"
        let bomb = try directory.write("lolz.xml", lolz)
        let result = try ProcessRunner.run("/usr/bin/prlimit", ["--as=1073741824", "/usr/bin/timeout", "-s", "KILL", "20",
                                                                MCStatProcess.executable.path, "validate", "--format", "json", bomb])
        #expect(result.status == 3)   // killed by `timeout` it would be 137
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let fatal = try #require((json["files"] as? [[String: Any]])?.first?["fatal"] as? [String: Any])
        #expect(fatal["code"] as? String == "unsafe_input")
        #expect(fatal["line"] as? Int == 2)
        #expect(!result.stdout.contains("lollol"))
    }

    /// A header-only token is named for what it is (exit 3), never read as a one-column CSV.
    @Test func headerOnlyJWTIsNotCSV() throws {
        let header = Data("{\"alg\":\"ES256\",\"typ\":\"JWT\"}".utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let path = try directory.write("credential.jwt", header + "\n")
        let result = try MCStatProcess.run(["validate", "--format", "json", path], in: directory)
        #expect(result.status == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["format"] as? String != "csv")
        let fatal = try #require(file["fatal"] as? [String: Any])
        #expect(fatal["code"] as? String == "unknown_format")
        #expect((fatal["message"] as? String)?.contains("a compact JWS with no payload") == true)
    }

    @Test func validateNamesEachFormat() throws {
        let files = [
            ("a.csv", CanonicalCSV.file([[:]]), "csv"),
            ("b.xml", ELMFixtures.v2Credential(id: "urn:credential:B"), "elm-xml"),
            ("c.json", ELMFixtures.v3Credential(), "elm-jsonld"),
            ("d.jsonl", "{\"credential_id\": \"C\", \"title\": \"T\"}\n{\"credential_id\": \"D\"}\n", "jsonl"),
            ("e.json", "[{\"credential_id\": \"C\"}]", "json"),
            ("f.xml", "<credentials><credential><credential_id>C</credential_id></credential></credentials>", "xml"),
            ("g.json", "{\"type\": \"Assertion\", \"id\": \"urn:a\", \"recipient\": {\"identity\": \"x\"}, \"badge\": {\"type\": \"BadgeClass\", \"name\": \"B\"}}", "ob2"),
            ("h.jwt", "eyJhbGciOiJub25lIn0.eyJ2YyI6eyJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIiwiT3BlbkJhZGdlQ3JlZGVudGlhbCJdfX0.\n", "vc-jwt"),
        ]
        for (name, text, format) in files {
            let path = try directory.write(name, text)
            let result = try MCStatProcess.run(["validate", "--format", "json", path], in: directory)
            #expect(result.stdout.contains("\"format\" : \"\(format)\""), "\(name)")
        }
    }
}
