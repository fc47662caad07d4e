import Foundation
import MCTestSupport
import Testing

/// The audit's findings on the reading side (issue 19), through the built executable: no trap,
/// no stack overflow, no record printed in a warning, and logs that keep their types.
@Suite final class AuditCommandTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    /// Learner ids and names planted in the files: none may appear in any output.
    static let planted = ["SECRET-LEARNER-1", "SECRET-LEARNER-2", "Annabel Plantedname"]

    func expectNothingPlanted(_ result: ProcessRunner.Result, _ context: String) {
        // Case-blind: a header cell is printed lower-cased.
        let printed = (result.stdout + result.stderr).lowercased()
        for secret in Self.planted {
            #expect(!printed.contains(secret.lowercased()), "\(context): \(secret)")
        }
    }

    func fatal(_ result: ProcessRunner.Result) throws -> [String: Any] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        return try #require(file["fatal"] as? [String: Any])
    }

    func key() -> String {
        // Outside the store's folder: a key there is refused.
        let key = directory.outsidePath("key")
        if !FileManager.default.fileExists(atPath: key) {
            FileManager.default.createFile(atPath: key, contents: Data(repeating: 3, count: 32), attributes: [.posixPermissions: 0o600])
        }
        return key
    }

    // MARK: traps

    /// `…T07:04:9223372036854775807Z` trapped with an arithmetic overflow (exit 132), and in
    /// `run` nothing after it was imported. Now it is a bad issue date, and the run goes on.
    @Test func aHugeSecondsFieldIsABadDateNotATrap() throws {
        let huge = "2025-03-14T07:04:9223372036854775807Z"
        let badge = try directory.write("in/a-badge.json", """
            {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
             "issuer": {"id": "https://example.org/issuer", "name": "Example", "address": {"addressCountryCode": "NL"}},
             "validFrom": "\(huge)",
             "credentialSubject": {"id": "did:example:1", "achievement": {"name": "Badge", "creditsAvailable": 3,
               "criteria": {"narrative": "Writes SQL"}, "description": "Writes SQL"}}}
            """)
        let elm = try directory.write("in/b-elm.xml", ELMFixtures.v2Batch([ELMFixtures.v2Credential(id: "urn:credential:H", issued: huge)]))
        _ = try directory.write("in/c-good.csv", CanonicalCSV.file([[:]]))
        for path in [badge, elm] {
            let result = try MCStatProcess.run(["validate", "--format", "json", path], in: directory)
            #expect(result.status == 1, "\(path): \(result.stderr)")
            #expect(result.stdout.contains("\"code\" : \"bad_issue_date\"") || result.stdout.contains("\"bad_issue_date\"\n"))
        }
        let pipeline = try directory.write("p.yml", "name: nightly\nsources:\n  - path: in\nreport: {out: reports, formats: [csv], only: [uptake]}\n")
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "--key-file", key(), "--format", "json", pipeline], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"accepted\" : 1"))
        #expect(FileManager.default.fileExists(atPath: directory.path("reports/uptake.csv")))
    }

    /// A YAML file nested 100,000 levels deep overflowed the stack (exit 139): flow collections,
    /// or block sequences on a line of their own.
    @Test(arguments: [(" " + String(repeating: "[", count: 100_000), 4), (" " + String(repeating: "{a: ", count: 50_000), 4),
                      ("\n      " + String(repeating: "- ", count: 50_000) + "x", 5)])
    func aDeeplyNestedYAMLFileIsAUsageError(_ nesting: String, _ line: Int) throws {
        let pipeline = try directory.write("deep.yml", "name: deep\nsources:\n  - path: in\n    defaults:" + nesting + "\n")
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "--key-file", key(), pipeline], in: directory)
        #expect(run.status == 2, "\(run.stderr.suffix(300))")
        #expect(run.stderr.contains("line \(line): nested more than 64 levels deep"), "\(run.stderr.suffix(300))")
        let profile = try directory.write("deep-profile.yml", "name: deep\ncolumns:" + nesting + "\n")
        let csv = try directory.write("x.csv", CanonicalCSV.file([[:]]))
        let validate = try MCStatProcess.run(["validate", "--profile", profile, csv], in: directory)
        #expect(validate.status == 2, "\(validate.stderr.suffix(300))")
        #expect(validate.stderr.contains("line \(line - 2): nested more than 64 levels deep"), "\(validate.stderr.suffix(300))")
    }

    /// Aliases of aliases ("billion laughs") expand beyond any pipeline file: refused unexpanded.
    @Test func aliasesThatExpandWithoutEndAreAUsageError() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let pipeline = try directory.write("laughs.yml", yaml + "name: x\nsources:\n  - path: in\n")
        let run = try ProcessRunner.run("/usr/bin/timeout", ["-s", "KILL", "120", MCStatProcess.executable.path,
                                                             "run", "--store", "s.sqlite", "--key-file", key(), pipeline],
                                        in: directory.url, environment: MCStatProcess.isolated(directory))
        #expect(run.status == 2, "\(run.stderr.suffix(300))")
        #expect(run.stderr.contains("once its aliases are expanded"))
    }

    /// An element of 60,000 attributes took libxml2 13 s; it is refused before libxml2 reads it
    /// (the 120 s guard only stops a hang).
    @Test func anElementOfSixtyThousandAttributesIsRefused() throws {
        let attributes = (0..<60_000).map { " a\($0)=\"\($0)\"" }.joined()
        let path = try directory.write("attrs.xml", "<?xml version=\"1.0\"?>\n<credentials><credential\(attributes)><credential_id>C</credential_id></credential></credentials>\n")
        let result = try ProcessRunner.run("/usr/bin/timeout", ["-s", "KILL", "120", MCStatProcess.executable.path,
                                                                "validate", "--format", "json", path], in: directory.url)
        #expect(result.status == 3)
        let fatal = try fatal(result)
        #expect(fatal["code"] as? String == "unsafe_input")
        #expect(fatal["line"] as? Int == 2)
    }

    // MARK: headers that swallow a file

    func plantedRows(_ count: Int) -> [String] {
        (0..<count).map { index in
            CanonicalCSV.row(["credential_id": "C-\(index)", "learner_id": Self.planted[index % 2],
                              "title": Self.planted[2], "learner_birth_year": "1987"])
        }
    }

    /// A stray `"` in the header made the file one header cell: every row was printed in an
    /// `unknown_column` warning, exit 0, and the file was recorded as imported with 0 records.
    @Test func aHeaderWithAStrayQuoteIsAShapeErrorThatPrintsNoRecord() throws {
        let header = CanonicalCSV.header.joined(separator: ",").replacingOccurrences(of: ",title,", with: ",\"title,")
        let path = try directory.write("in/quote.csv", ([header] + plantedRows(40)).joined(separator: "\n") + "\n")
        try expectRefusedByShape(path, fragment: "spans several lines")
    }

    /// A header glued to the first row has cells no row fits.
    @Test func aHeaderGluedToTheFirstRowIsAShapeErrorThatPrintsNoRecord() throws {
        let rows = plantedRows(40)
        let glued = CanonicalCSV.header.joined(separator: ",") + rows[0]
        let path = try directory.write("in/glued.csv", ([glued] + rows.dropFirst()).joined(separator: "\n") + "\n")
        try expectRefusedByShape(path, fragment: "no row of the file has as many cells")
    }

    func expectRefusedByShape(_ path: String, fragment: String) throws {
        for format in ["text", "json"] {
            let validate = try MCStatProcess.run(["validate", "--format", format, path], in: directory)
            #expect(validate.status == 3, "validate \(format)")
            #expect(validate.stdout.contains(fragment))
            expectNothingPlanted(validate, "validate \(format)")
        }
        let ingest = try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--key-file", key(), "--format", "json",
                                            "--log-format", "json", "--log-level", "info", path], in: directory)
        #expect(ingest.status == 3)
        #expect(try fatal(ingest)["code"] as? String == "malformed_file")
        expectNothingPlanted(ingest, "ingest")
        let pipeline = try directory.write("p.yml", "name: nightly\nsources:\n  - path: in\nreport: {out: reports, formats: [csv], only: [uptake]}\n")
        let run = try MCStatProcess.run(["run", "--store", "r.sqlite", "--key-file", key(), "--format", "json", pipeline], in: directory)
        #expect(run.status == 3)
        #expect(!run.stdout.contains("\"outcome\" : \"succeeded\""))
        expectNothingPlanted(run, "run")
        // Nothing of the file was recorded: a second run reads it again rather than skipping it.
        let again = try MCStatProcess.run(["run", "--store", "r.sqlite", "--key-file", key(), "--format", "json", pipeline], in: directory)
        #expect(again.status == 3)
        #expect(!again.stdout.contains("\"skipped\" : true"))
        let rejects = try MCStatProcess.run(["rejects", "--store", "r.sqlite", "--format", "json"], in: directory)
        expectNothingPlanted(rejects, "rejects")
    }

    /// Unknown column names are printed when they look like names, never a cell that may be data.
    @Test func unknownColumnsAreNamedOnlyWhenTheyLookLikeNames() throws {
        let header = CanonicalCSV.header.joined(separator: ",") + ",notes,\"\(Self.planted[2]) 1987-01-01 SECRET-LEARNER-1 <a@b.example> and more text that no column name has\""
        let path = try directory.write("extra.csv", header + "\n" + CanonicalCSV.row() + ",n,m\n")
        let result = try MCStatProcess.run(["validate", path], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("notes, and 1 other cell that do not look like column names"))
        expectNothingPlanted(result, "validate")
    }

    // MARK: rules at the command line

    /// `--today` (or MCSTAT_TODAY) fixes the day of the run: an issue date more than a day after
    /// it is in the future (annex-i.md rule 27).
    @Test func theDayOfTheRunIsFixedByOptionOrVariable() throws {
        let path = try directory.write("future.csv", CanonicalCSV.file([["issue_date": "2025-03-16"]]))
        let fixed = try MCStatProcess.run(["validate", "--today", "2025-03-14", path], in: directory)
        #expect(fixed.status == 1)
        #expect(fixed.stdout.contains("'2025-03-16' is in the future"))
        let byVariable = try MCStatProcess.run(["validate", path], in: directory, environment: ["MCSTAT_TODAY": "2025-03-14"])
        #expect(byVariable.status == 1)
        #expect(try MCStatProcess.run(["validate", "--today", "2025-03-15", path], in: directory).status == 0)
        #expect(try MCStatProcess.run(["validate", "--today", "14.03.2025", path], in: directory).status == 2)
        #expect(try MCStatProcess.run(["validate", path], in: directory, environment: ["MCSTAT_TODAY": "soon"]).status == 2)
        let withdrawn = try directory.write("withdrawn.csv", CanonicalCSV.file([["status": "withdrawn"]]))
        let status = try MCStatProcess.run(["validate", withdrawn], in: directory)
        #expect(status.status == 1)
        #expect(status.stdout.contains("error bad_status"))
    }

    // MARK: logs

    /// cli.md: `--log-format json` keeps every value's type (a file named `0815` stays the string
    /// "0815"), and `validate` validates, it never "imports".
    @Test func jsonLogsKeepTypesAndValidateSaysWhatItDid() throws {
        _ = try directory.write("0815", CanonicalCSV.file([[:]]))
        let result = try MCStatProcess.run(["validate", "--log-format", "json", "--log-level", "info", "0815"], in: directory)
        #expect(result.status == 0)
        let events = result.stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let file = try #require(events.first { $0["file"] != nil })
        #expect(file["file"] as? String == "0815")
        #expect(file["outcome"] as? String == "validated")
        #expect((file["message"] as? String)?.contains("import") == false)
        #expect(file["counts"] as? [String: Int] == ["read": 1, "accepted": 1, "rejected": 0, "warnings": 0])
        #expect(!result.stderr.contains("import"))
    }
}
