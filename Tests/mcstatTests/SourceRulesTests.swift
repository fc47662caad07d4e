import Foundation
import MCTestSupport
import Testing

/// Pipeline sources (`awarding_bodies`, `defaults`) and record versions (`stale`), through the
/// real executable (cli.md `mcstat run`).
@Suite struct SourceRulesTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func sqlite(_ sql: String, store: String = "s.sqlite") throws -> String {
        try ProcessRunner.output("/usr/bin/sqlite3", [directory.path(store), sql]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aSourceCannotReplaceAnotherInstitutionsRecords() throws {
        defer { directory.remove() }
        try directory.write("de/export.csv", CanonicalCSV.file((1...5).map {
            ["credential_id": "DE-\($0)", "learner_id": "L-\($0)", "awarding_body_id": "DE-HRK-0815", "issuer_country": "DE"]
        }))
        // The NL folder carries two German records with the same keys, one of its own, and a row
        // with a cell too many (malformed_row).
        let nl = CanonicalCSV.file([
            ["credential_id": "DE-1", "awarding_body_id": "DE-HRK-0815", "issuer_country": "NL"],
            ["credential_id": "DE-2", "awarding_body_id": "DE-HRK-0815", "issuer_country": "NL"],
            ["credential_id": "NL-1", "awarding_body_id": "NL-BRIN-21XY", "issuer_country": "NL"],
        ]) + CanonicalCSV.row(["credential_id": "NL-2"]) + ",extra\n"
        try directory.write("nl/export.csv", nl)
        try directory.write("p.yml", """
            name: p
            sources:
              - path: de/*
                awarding_bodies: [DE-HRK-0815]
              - path: nl/*
                awarding_bodies: [NL-BRIN-21XY, NL-BRIN-99ZZ]
            report:
              out: rep
            """)
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "--format", "json", "p.yml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sqlite("SELECT issuer_country, COUNT(*) FROM credentials WHERE awarding_body_id = 'DE-HRK-0815' GROUP BY 1") == "DE|5")
        #expect(try sqlite("SELECT credential_id FROM credentials WHERE awarding_body_id LIKE 'NL%'") == "NL-1")
        // Every reject of the NL file goes back to NL, the first listed body for the malformed row.
        #expect(try sqlite("SELECT awarding_body_id, reason_code, record FROM quarantine ORDER BY record") == """
            NL-BRIN-21XY|awarding_body_not_allowed|1
            NL-BRIN-21XY|awarding_body_not_allowed|2
            NL-BRIN-21XY|malformed_row|4
            """)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        let issues = try #require(files[1]["issues"] as? [[String: Any]])
        #expect(issues.first?["code"] as? String == "awarding_body_not_allowed")
        #expect(issues.first?["field"] as? String == "awarding_body_id")
        #expect(issues.first?["value"] as? String == "DE-HRK-0815")
        let rejects = try MCStatProcess.run(["rejects", "--store", "s.sqlite", "--institution", "NL-BRIN-21XY"], in: directory)
        #expect(rejects.stdout.split(separator: "\n").count == 3)
    }

    @Test func defaultsFillOnlyWhatARecordLacksAndAreRecorded() throws {
        defer { directory.remove() }
        try directory.write("badges/a.csv", CanonicalCSV.file([
            ["credential_id": "B-1", "learner_id": "L-1", "issuer_country": "", "awarding_body_id": "NL-BADGES"],
            ["credential_id": "B-2", "learner_id": "L-2", "issuer_country": "FR", "awarding_body_id": "NL-BADGES"],
        ]))
        try directory.write("p.yml", """
            name: p
            sources:
              - path: badges/*
                awarding_bodies: [NL-BADGES]
                defaults: {issuer_country: NL}
            report: {out: rep}
            """)
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sqlite("SELECT credential_id, issuer_country, COALESCE(defaulted, '-') FROM credentials ORDER BY 1") == """
            B-1|NL|issuer_country
            B-2|FR|-
            """)
        // Without the default the same file is rejected for the missing country.
        let plain = try MCStatProcess.run(["validate", "badges/a.csv"], in: directory)
        #expect(plain.stdout.contains("missing_issuer_country"))
    }

    @Test func aResentOldVersionIsCountedStaleAndDoesNotUndoTheCorrection() throws {
        defer { directory.remove() }
        let rows: [[String: String]] = (1...4).map { ["credential_id": "C-\($0)", "learner_id": "L-\($0)", "ects": "5"] }
        try directory.write("june.csv", CanonicalCSV.file(rows))
        var corrected = rows
        corrected[1]["ects"] = "6"
        try directory.write("december.csv", CanonicalCSV.file(corrected))
        // The June export again, one byte changed (another record's grade): a new file, old content.
        var resent = rows
        resent[3]["grade"] = "1.3"
        try directory.write("june-again.csv", CanonicalCSV.file(resent))

        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", "june.csv"], in: directory).status == 0)
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", "december.csv"], in: directory).status == 0)
        let again = try MCStatProcess.run(["ingest", "--store", "s.sqlite", "june-again.csv"], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("june-again.csv (csv): 4 read, 4 accepted, 0 rejected, 1 warnings, 1 stale"), "\(again.stdout)")
        #expect(again.stdout.contains("stale_version"))
        #expect(again.stdout.contains("import 2 (december.csv"))
        #expect(try sqlite("SELECT ects FROM credentials WHERE credential_id = 'C-2'") == "6")
        #expect(try sqlite("SELECT grade FROM credentials WHERE credential_id = 'C-4'") == "1.3")
        // Every version is kept: C-2 twice, C-4 twice, the others once.
        #expect(try sqlite("SELECT credential_id, COUNT(*) FROM credential_versions GROUP BY 1 ORDER BY 1") == """
            C-1|1
            C-2|2
            C-3|1
            C-4|2
            """)

        // The same in JSON.
        var third = rows
        third[0]["grade"] = "2.0"
        try directory.write("june-third.csv", CanonicalCSV.file(third))
        let json = try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--format", "json", "june-third.csv"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        #expect(file["stale"] as? Int == 2)   // C-2 (replaced by december) and C-4 (replaced by june-again)
        #expect((object["totals"] as? [String: Any])?["stale"] as? Int == 2)
        let warnings = (file["issues"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "stale_version" }
        #expect(warnings.count == 2)
        #expect(warnings.contains { ($0["message"] as? String)?.contains("import 3 (june-again.csv") == true })
        #expect(try sqlite("SELECT ects FROM credentials WHERE credential_id = 'C-2'") == "6")
    }
}
