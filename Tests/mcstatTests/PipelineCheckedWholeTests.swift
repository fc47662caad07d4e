import Foundation
import MCTestSupport
import Testing

/// What the outside audit found in pipeline runs (issue 19): a pipeline file checked only in
/// part, a skip by SHA-256 across institutions, inbox files skipped in silence, through the
/// built `mcstat`.
@Suite struct PipelineCheckedWholeTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func sqlite(_ sql: String, store: String = "s.sqlite") throws -> String {
        try ProcessRunner.output("/usr/bin/sqlite3", [directory.path(store), sql]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A profile missing in the second source was found after the first source was imported,
    /// without line or column; wrong `defaults` passed and then rejected every record.
    @Test(arguments: [
        ("  - path: b/*\n    profile: no-such-profile\n", "line 5, column 14", ["no-such-profile", "not found"]),
        ("  - path: b/*\n    defaults: {issuer_country: Germany, eqf_level: 12}\n", "line 5, column 32",
         ["defaults.issuer_country 'Germany'", "bad_issuer_country", "allowed: use two-letter codes"]),
        ("  - path: b/*\n    defaults: {eqf_level: 12}\n", "line 5, column 27", ["defaults.eqf_level '12'", "bad_eqf_level", "allowed:"]),
        ("  - path: b/*\n    defaults: {participation_form: somewhere}\n", "line 5, column 36",
         ["defaults.participation_form 'somewhere'", "allowed:"]),
    ])
    func everySourceIsCheckedBeforeAnythingRuns(_ source: String, _ place: String, _ says: [String]) throws {
        defer { directory.remove() }
        try directory.write("a/one.csv", CanonicalCSV.file([["credential_id": "A-1"]]))
        try directory.write("b/two.csv", CanonicalCSV.file([["credential_id": "B-1", "issuer_country": "", "eqf_level": ""]]))
        try directory.write("p.yml", "name: p\nsources:\n  - path: a/*\n" + source + "report: {out: rep}\n")
        let result = try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("p.yml, \(place)"), "\(result.stderr)")
        for text in says { #expect(result.stderr.contains(text), "\(result.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: directory.path("s.sqlite")), "source 1 was imported")
        #expect(!FileManager.default.fileExists(atPath: directory.path("rep")))
    }

    @Test func goodDefaultsAndAnEmptyReportListAreJudgedRightly() throws {
        defer { directory.remove() }
        try directory.write("a/one.csv", CanonicalCSV.file([["credential_id": "A-1", "issuer_country": ""]]))
        try directory.write("empty.yml", "name: p\nsources:\n  - path: a/*\nreport: {out: rep, formats: []}\n")
        let empty = try MCStatProcess.run(["run", "--store", "s.sqlite", "empty.yml"], in: directory)
        #expect(empty.status == 2 && empty.stderr.contains("line 4, column 29") && empty.stderr.contains("formats lists nothing"), "\(empty.stderr)")
        try directory.write("p.yml", "name: p\nsources:\n  - path: a/*\n    defaults: {issuer_country: EL, eqf_level: 6}\nreport: {out: rep}\n")
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sqlite("SELECT issuer_country FROM credentials") == "GR")
    }

    /// The same bytes uploaded by two institutions: the second was skipped by SHA-256 and never
    /// got its rejects. A skip holds only under the same binding.
    @Test func theSameBytesInTwoInstitutionsFoldersAreReadUnderEach() throws {
        defer { directory.remove() }
        let export = CanonicalCSV.file([
            ["credential_id": "X-1", "awarding_body_id": "DE-HS-1"],
            ["credential_id": "X-2", "awarding_body_id": "DE-HS-2"],
        ])
        try directory.write("inbox/DE-HS-1/upload.csv", export)
        try directory.write("inbox/DE-HS-2/upload.csv", export)
        try directory.write("p.yml", "name: p\nsources:\n  - inbox: inbox\nreport: {out: rep}\n")
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "--format", "json", "p.yml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sqlite("SELECT awarding_body_id, credential_id FROM credentials ORDER BY 1") == "DE-HS-1|X-1\nDE-HS-2|X-2")
        #expect(try sqlite("SELECT awarding_body_id, reason_code FROM quarantine ORDER BY 1") == """
            DE-HS-1|awarding_body_not_allowed
            DE-HS-2|awarding_body_not_allowed
            """)
        for body in ["DE-HS-1", "DE-HS-2"] {
            let rejects = try MCStatProcess.run(["rejects", "--store", "s.sqlite", "--institution", body], in: directory)
            #expect(rejects.stdout.split(separator: "\n").count == 1, "\(body): \(rejects.stdout)")
        }
        // Under the same binding, the same bytes again are skipped.
        let again = try MCStatProcess.run(["run", "--store", "s.sqlite", "--format", "json", "p.yml"], in: directory)
        #expect(again.status == 0)
        #expect(again.stdout.components(separatedBy: "\"skipped\" : true").count - 1 == 2, "\(again.stdout)")
        #expect(try sqlite("SELECT COUNT(*) FROM imports") == "2")
    }

    /// Files at the inbox root and half-written uploads were skipped in silence.
    @Test func strayInboxFilesAreNamedInWarnings() throws {
        defer { directory.remove() }
        try directory.write("inbox/DE-HS-1/upload.csv", CanonicalCSV.file([["credential_id": "X-1"]]))
        try directory.write("inbox/lost.csv", CanonicalCSV.file([["credential_id": "X-9"]]))
        try directory.write("inbox/.incoming/4f2a.part", "credential_id,learn")
        try directory.write("p.yml", "name: p\nsources:\n  - inbox: inbox\nreport: {out: rep}\n")
        let run = try MCStatProcess.run(["run", "--store", "s.sqlite", "p.yml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let told = run.stdout + run.stderr
        #expect(told.contains("inbox/lost.csv") && told.contains("at the inbox root"), "\(told)")
        #expect(told.contains("inbox/.incoming/4f2a.part") && told.contains("half-written upload"), "\(told)")
        #expect(try sqlite("SELECT COUNT(*) FROM credentials") == "1")
    }
}
