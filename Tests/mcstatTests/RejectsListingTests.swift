import Foundation
import MCTestSupport
import Testing

/// `mcstat rejects`, what goes back to institutions (cli.md "`mcstat runs`, `mcstat rejects`"):
/// never a learner key, in any format; the credential id in every listing; records that could
/// not be read apart given by byte range and SHA-256; streamed; a missing run is a usage error.
@Suite struct RejectsListingTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func sqlite(_ sql: String) throws -> String {
        try ProcessRunner.output("/usr/bin/sqlite3", [directory.path("s.sqlite"), sql]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func noFormatCarriesALearnerKeyAndEveryOneTheCredentialId() throws {
        defer { directory.remove() }
        let file = try directory.write("a.csv", CanonicalCSV.file([
            ["credential_id": "CRED-OK", "learner_id": "PLANTED-LEARNER-1"],
            ["credential_id": "CRED-BAD-1", "learner_id": "PLANTED-LEARNER-2", "issue_date": "2025-02-30"],
            ["credential_id": "CRED-BAD-2", "learner_id": "PLANTED-LEARNER-3", "eqf_level": "12"],
        ]))
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", file], in: directory).status == 0)
        let keys = try sqlite("SELECT learner_key FROM credentials").split(separator: "\n")
            + (try sqlite("SELECT json_extract(raw, '$.learner_id') FROM quarantine")).split(separator: "\n")
        #expect(keys.count == 3 && keys.allSatisfy { $0.count >= 16 }, "\(keys)")
        for format in ["text", "csv", "json"] {
            let listed = try MCStatProcess.run(["rejects", "--store", "s.sqlite", "--format", format], in: directory)
            #expect(listed.status == 0, "\(listed.stderr)")
            for key in keys { #expect(!listed.stdout.contains(key), "\(format) carries a learner key") }
            #expect(!listed.stdout.contains("PLANTED-LEARNER") && !listed.stdout.contains("learner_id"), "\(format): \(listed.stdout)")
            #expect(listed.stdout.contains("CRED-BAD-1") && listed.stdout.contains("CRED-BAD-2"), "\(format): \(listed.stdout)")
        }
        let csv = try MCStatProcess.run(["rejects", "--store", "s.sqlite", "--format", "csv"], in: directory).stdout
        #expect(csv.hasPrefix("file,record,line,pointer,awarding_body_id,reason_code,field,element,message,credential_id,"))
        let json = try MCStatProcess.run(["rejects", "--store", "s.sqlite", "--format", "json"], in: directory).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["credential_id"] as? String } == ["CRED-BAD-1", "CRED-BAD-2"])
        #expect(entries.allSatisfy { ($0["raw"] as? [String: Any])?["learner_id"] == nil })
        #expect((entries[0]["raw"] as? [String: Any])?["issue_date"] as? String == "2025-02-30")
    }

    /// The bytes of `text` from the first line holding `marker` up to that line's end.
    func bytes(of marker: String, in text: String) throws -> (start: Int, end: Int, sha256: String) {
        let data = Array(text.utf8)
        let range = try #require(text.range(of: marker))
        let lineStart = text[..<range.lowerBound].lastIndex(of: "\n").map { text.utf8.distance(from: text.startIndex, to: $0) + 1 } ?? 0
        let lineEnd = text[range.lowerBound...].firstIndex(of: "\n").map { text.utf8.distance(from: text.startIndex, to: $0) } ?? data.count
        // The SHA-256 as sha256sum computes it, not the code under test.
        let slice = try directory.write("slice-\(marker)", Data(data[lineStart..<lineEnd]))
        let digest = try ProcessRunner.output("/usr/bin/sha256sum", [slice]).split(separator: " ")[0]
        return (lineStart, lineEnd, String(digest))
    }

    @Test func recordsThatCouldNotBeReadApartKeepTheirByteRangeAndHash() throws {
        defer { directory.remove() }
        let csv = CanonicalCSV.file([["credential_id": "C-1"]]) + CanonicalCSV.row(["credential_id": "C-2", "learner_id": "HIDDEN-9"]) + ",one-too-many\n"
            + CanonicalCSV.row(["credential_id": "C-3"]) + "\n"
        try directory.write("a.csv", csv)
        let line = "{\"credential_id\": \"J-1\", \"learner_id\": \"HIDDEN-8\", oops}"
        let jsonl = "{\"credential_id\": \"J-0\"}\n" + line + "\n"
        try directory.write("b.jsonl", jsonl)
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", "a.csv", "b.jsonl"], in: directory).status == 0)
        let json = try MCStatProcess.run(["rejects", "--store", "s.sqlite", "--format", "json"], in: directory).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let malformed = entries.filter { $0["reason_code"] as? String == "malformed_row" }
        #expect(malformed.count == 2, "\(json)")
        let expected = [try bytes(of: "HIDDEN-9", in: csv), try bytes(of: "HIDDEN-8", in: jsonl)]
        for (entry, want) in zip(malformed, expected) {
            #expect((entry["raw"] as? [String: Any])?.isEmpty == true)
            #expect(entry["byte_start"] as? Int == want.start, "\(entry)")
            #expect(entry["byte_end"] as? Int == want.end, "\(entry)")
            #expect(entry["sha256"] as? String == want.sha256, "\(entry)")
        }
        #expect(!json.contains("HIDDEN"))
        let text = try MCStatProcess.run(["rejects", "--store", "s.sqlite"], in: directory).stdout
        #expect(text.contains("bytes \(expected[0].start)-\(expected[0].end)") && text.contains(expected[1].sha256), "\(text)")
    }

    @Test func aRunThatDoesNotExistIsAUsageError() throws {
        defer { directory.remove() }
        try directory.write("in/a.csv", CanonicalCSV.file([["credential_id": "C-1", "issue_date": "2025-02-30"]]))
        try directory.write("p.yml", "name: p\nsources:\n  - path: in/*\nreport: {out: rep}\n")
        #expect(try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory).status == 0)
        #expect(try MCStatProcess.run(["rejects", "--store", "s.sqlite", "--run", "1"], in: directory).stdout.contains("C-1"))
        let missing = try MCStatProcess.run(["rejects", "--store", "s.sqlite", "--run", "7"], in: directory)
        #expect(missing.status == 2, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("no run 7"))
    }

    /// Peak RSS in MB of `mcstat rejects --format json` over a store with `count` rejects.
    func rejectsPeakMB(_ count: Int) throws -> Double {
        var text = CanonicalCSV.header.joined(separator: ",") + "\n"
        for index in 0..<count {
            text += CanonicalCSV.row(["credential_id": "R-\(index)", "learner_id": "L-\(index)", "issue_date": "2025-02-30"]) + "\n"
        }
        let file = try directory.write("r\(count).csv", text)
        let store = "r\(count).sqlite"
        #expect(try MCStatProcess.run(["ingest", "--quiet", "--store", store, file], in: directory).status == 0)
        let output = directory.path("r\(count).json")
        let result = try ProcessRunner.run("/usr/bin/time", ["-f", "maxrss=%M", "/bin/sh", "-c",
                                                             "\"$0\" rejects --store \(store) --format json > \(output)", MCStatProcess.executable.path],
                                           in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.components(separatedBy: "\"reason_code\" : \"bad_issue_date\"").count - 1 == count)
        let line = try #require(result.stderr.split(separator: "\n").last { $0.hasPrefix("maxrss=") })
        return Double(line.dropFirst(7))! / 1000
    }

    /// The whole list was built in memory: 56 MB at 10,000 rejects, 306 MB at 100,000.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
    func rejectsMemoryDoesNotGrowWithTheQuarantine() throws {
        defer { directory.remove() }
        let small = try rejectsPeakMB(10_000)
        let large = try rejectsPeakMB(80_000)
        print("rejects peak RSS: \(small) MB at 10,000 rejects, \(large) MB at 80,000")
        #expect(large < small + 15, "peak RSS \(large) MB at 80,000 rejects vs \(small) MB at 10,000")
    }
}
