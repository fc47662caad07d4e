import Foundation
import MCModel
import MCPipeline
import Testing

@Suite struct FilesReportWriterTests {
    func issue(_ record: Int, also: [ReasonCode]? = nil) -> ValidationIssue {
        ValidationIssue(record: record, line: record + 1, field: .issueDate, code: .badIssueDate, severity: .error,
                        value: "2025-02-30", message: "'2025-02-30' is not a real calendar date", hint: "write YYYY-MM-DD",
                        also: also)
    }

    /// Streams `reports` through a writer whose issues pass through its spool, as `validate` does.
    func render(_ style: FilesReportWriter.Style, _ files: [(FileReport, [ValidationIssue])]) throws -> String {
        var out = Data()
        let writer = FilesReportWriter(style: style) { out.append($0) }
        for (report, issues) in files {
            writer.issues.add(issues)
            try writer.add(report)
        }
        try writer.finish()
        return String(decoding: out, as: UTF8.self)
    }

    func report(_ path: String, read: Int, rejected: Int) -> FileReport {
        var report = FileReport(path: path, format: "csv")
        report.read = read
        report.accepted = read - rejected
        report.rejected = rejected
        return report
    }

    /// Thousands of issues, more than the spool keeps in memory, come out whole and in order, in
    /// the contract's JSON shape.
    @Test func streamedJSONHasTheContractShapeAndEveryIssueInOrder() throws {
        let many = (1...5_000).map { issue($0, also: $0 == 7 ? [.badEcts] : nil) }
        let text = try render(.json, [(report("a.csv", read: 6_000, rejected: 5_000), many),
                                      (report("b.csv", read: 1, rejected: 0), []),
                                      (FileReport(failed: .empty(path: "c.csv")), [])])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["a.csv", "b.csv", "c.csv"])
        let issues = try #require(files[0]["issues"] as? [[String: Any]])
        #expect(issues.map { $0["record"] as? Int } == (1...5_000).map { $0 })
        #expect(issues[6]["also"] as? [String] == ["bad_ects"])
        #expect(issues[5]["also"] == nil)
        #expect((files[1]["issues"] as? [Any])?.isEmpty == true)
        #expect(files[2]["fatal"] as? [String: Any] != nil && files[2]["format"] is NSNull)
        #expect(json["totals"] as? [String: Int] == ["read": 6_001, "accepted": 1_001, "rejected": 5_000, "warnings": 0])
        #expect(Set(files[0].keys) == ["path", "format", "read", "accepted", "rejected", "warnings", "fatal", "issues"])
    }

    @Test func noFilesIsStillOneDocument() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try render(.json, []).utf8)) as? [String: Any])
        #expect((json["files"] as? [Any])?.isEmpty == true)
    }

    @Test func theSameInputGivesTheSameBytesAsTheInMemorySummary() throws {
        var kept = report("a.csv", read: 3, rejected: 2)
        kept.issues = [issue(1), issue(2, also: [.badEqfLevel])]
        let streamed = try render(.json, [(report("a.csv", read: 3, rejected: 2), kept.issues)])
        // The contract's document as Foundation's encoder writes the same summary held whole.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let whole = String(decoding: try encoder.encode(FilesSummary(files: [kept])), as: UTF8.self) + "\n"
        #expect(streamed == whole)
        // Issues spooled while the file was read print as those the report kept.
        #expect(try render(.text(verbose: true), [(report("a.csv", read: 3, rejected: 2), kept.issues)])
                == render(.text(verbose: true), [(kept, [])]))
    }

    @Test func textPutsAlsoOnASecondLine() throws {
        let text = try render(.text(verbose: true), [(report("a.csv", read: 1, rejected: 1), [issue(1, also: [.badEcts, .badEqfLevel])])])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("  record 1, line 2: error bad_issue_date"))
        #expect(lines[2] == "      also: bad_ects, bad_eqf_level")
        #expect(lines[3] == "      fix: write YYYY-MM-DD")
    }

    @Test func aResetSpoolForgetsTheRolledBackFile() throws {
        var out = Data()
        let writer = FilesReportWriter(style: .json) { out.append($0) }
        writer.issues.add((1...3_000).map { issue($0) })
        writer.issues.reset()
        try writer.add(report("a.csv", read: 0, rejected: 0))
        try writer.finish()
        #expect(!String(decoding: out, as: UTF8.self).contains("bad_issue_date"))
    }
}
