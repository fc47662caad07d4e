import Foundation
import MCTestSupport
import Testing

/// `completeness` (reports.md): received = accepted + rejected, counted as read, every version;
/// one column per reject reason, `awarding_body_not_allowed` included, summing to `rejected`.
/// It had no column for that reason and counted records after replacement (520 where the
/// import read 521).
@Suite struct CompletenessColumnsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test func everyRecordReadIsCountedAndTheReasonsSumToRejected() throws {
        defer { directory.remove() }
        try directory.write("in/1.csv", CanonicalCSV.file([
            ["credential_id": "C-1"], ["credential_id": "C-2"], ["credential_id": "C-3"],
            ["credential_id": "C-4", "awarding_body_id": "DE-HS-2"],
            ["credential_id": "C-5", "issue_date": "2025-02-30"],
        ]))
        try directory.write("p.yml", "name: p\nsources:\n  - path: in/*\n    awarding_bodies: [DE-HS-1]\nreport: {out: rep}\n")
        #expect(try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory).status == 0)
        // A correction of C-1: a second version of it.
        try directory.write("in/2.csv", CanonicalCSV.file([["credential_id": "C-1", "title": "Data literacy II"]]))
        #expect(try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory).status == 0)
        let report = try MCStatProcess.run(["report", "--store", "s.sqlite", "--out", "out", "--only", "completeness", "--formats", "csv"],
                                           in: directory)
        #expect(report.status == 0, "\(report.stderr)")
        let lines = try String(contentsOfFile: directory.path("out/completeness.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = try #require(lines.first { $0.hasPrefix("DE-HS-1,") }).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func value(_ column: String) -> Int? { header.firstIndex(of: column).flatMap { Int(row[$0]) } }
        #expect(header.contains("rejected_awarding_body_not_allowed") && header.contains("rejected_bad_status"), "\(header)")
        #expect(value("received") == 6)
        #expect(value("accepted") == 4)
        #expect(value("rejected") == 2)
        #expect(value("rejected_awarding_body_not_allowed") == 1)
        #expect(value("rejected_bad_issue_date") == 1)
        let reasons = header.indices.filter { header[$0].hasPrefix("rejected_") }.compactMap { Int(row[$0]) }
        #expect(reasons.reduce(0, +) == value("rejected"))
        let read = try ProcessRunner.output("/usr/bin/sqlite3", [directory.path("s.sqlite"), "SELECT SUM(read) FROM imports"])
        #expect(read.trimmingCharacters(in: .whitespacesAndNewlines) == "6")
    }
}
