import Foundation
import MCTestSupport
import Testing

/// `mcstat validate --explain` through the built executable: one record, element by element.
@Suite final class ExplainCommandTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    func export() throws -> String {
        try directory.write("export.csv", CanonicalCSV.file([
            [:],
            ["credential_id": "C-2", "learner_id": "SECRET-LEARNER-7", "issue_date": "2025-02-30",
             "issuer_country": "DE|FR", "ects": "", "workload_hours": ""],
        ], columns: CanonicalCSV.header.filter { $0 != "workload_hours" }))
    }

    @Test func explainsTheChosenRecordWithoutItsLearnerId() throws {
        let result = try MCStatProcess.run(["validate", "--explain", "--record", "2", try export()], in: directory,
                                           environment: ["MCSTAT_KEY_FILE": directory.path("no-such.key")])
        #expect(result.status == 1)
        let text = result.stdout
        #expect(text.contains("export.csv (csv), record 2, line 3:"))
        #expect(!text.contains("SECRET-LEARNER-7"))
        #expect(text.contains("Identification of the learner (learner_id): hidden (no key file"))
        #expect(text.contains("Country(ies)/Region(s) of the issuer (issuer_country): 'DE', 'FR' from line 3, column issuer_country"))
        #expect(text.contains("Notional workload (workload_hours): absent; looked at column workload_hours"))
        #expect(text.contains("Notional workload (ects): absent; looked at column ects"))
        #expect(text.contains("result: rejected missing_ects_and_workload_hours"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("no-such.key")))   // never created
    }

    /// cli.md: a key file open to group or others, or too short, is refused (exit 2) — by
    /// `--explain` as by every other command — and nothing is explained with it.
    @Test func refusesAKeyFileEveryCommandRefuses() throws {
        let open = try directory.write("open.key", Data(repeating: 9, count: 32))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open)
        let short = try directory.write("short.key", Data(repeating: 9, count: 8))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: short)
        for key in [open, short] {
            let result = try MCStatProcess.run(["validate", "--explain", "--key-file", key, try export()], in: directory)
            #expect(result.status == 2, "\(key)")
            #expect(result.stderr.contains(key), "\(key)")
            #expect(result.stdout.isEmpty, "\(key)")
        }
    }

    @Test func showsTheLearnersKeyWithAKeyFile() throws {
        let secret = Data((0..<32).map { UInt8($0 * 7 % 256) })
        let keyPath = try directory.write("secret.key", secret)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
        let result = try MCStatProcess.run(["validate", "--explain", "--record", "2", "--key-file", keyPath, try export()], in: directory)
        // The key computed apart from mcstat: HMAC-SHA256 by openssl over the id's bytes.
        let hex = secret.map { String(format: "%02x", $0) }.joined()
        let openssl = try ProcessRunner.run("/bin/sh", ["-c", "printf '%s' SECRET-LEARNER-7 | openssl dgst -sha256 -mac HMAC -macopt hexkey:\(hex) -r"])
        let expected = try #require(openssl.stdout.split(separator: " ").first.map(String.init))
        #expect(expected.count == 64)
        #expect(result.stdout.contains("Identification of the learner (learner_id): key \(expected) from line 3, column learner_id"))
        #expect(!result.stdout.contains("SECRET-LEARNER-7"))
    }

    @Test func namesJSONPointersAndEveryPlaceLookedAt() throws {
        let sample = Fixtures.packageRoot.appendingPathComponent("Tests/MCIngestTests/Fixtures/reference/Sample-MC-Annex1-unsigned.jsonld").path
        let result = try MCStatProcess.run(["validate", "--explain", sample], in: directory)
        #expect(result.status == 1)
        let text = result.stdout
        #expect(text.contains("Title of the micro-credential (title): 'Digital micro-credential creation' from /credentialSubject/hasClaim/title"))
        #expect(text.contains("Date of issuing (issue_date): '2022-12-31' from /validFrom"))
        #expect(text.contains("Type of quality assurance (quality_assurance): absent; looked at …/specifiedBy/accreditation[]/dcType, …/awardingBody/accreditation[]/dcType"))
        #expect(text.contains("result: rejected missing_quality_assurance"))
    }

    /// JSON Lines of canonical records: an absent element was looked for at its key, nowhere else
    /// (the places of credential shapes belong to credential lines).
    @Test func aCanonicalJSONLineNamesItsKeyAlone() throws {
        let file = try directory.write("records.jsonl", #"{"credential_id": "C-1", "title": "T"}"# + "\n")
        let result = try MCStatProcess.run(["validate", "--explain", file], in: directory)
        #expect(result.stdout.contains("Notional workload (ects): absent; looked at key \"ects\"\n"), "\(result.stdout)")
    }

    /// Where the record holds a code made from a label, the code is shown with the label as
    /// written (issue 22: `--explain` showed only the label).
    @Test func showsTheCodeMadeOfALabel() throws {
        let path = try directory.write("labels.csv", CanonicalCSV.file([
            ["participation_form": "Hybrid", "quality_assurance": "Both", "issuer_country": "EL", "assessment_type": "Written examination"],
        ]))
        let result = try MCStatProcess.run(["validate", "--explain", "--today", "2026-01-01", path], in: directory)
        #expect(result.status == 0, "\(result.stdout)")
        let text = result.stdout
        #expect(text.contains("Form of participation in the learning activity (participation_form): 'blended' (written 'Hybrid') from line 2, column participation_form"))
        #expect(text.contains("(quality_assurance): 'internal+external' (written 'Both')"))
        #expect(text.contains("(issuer_country): 'GR' (written 'EL')"))
        #expect(text.contains("(assessment_type): 'written-exam' (written 'Written examination')"))
        #expect(text.contains("(issue_date): '\(CanonicalCSV.base["issue_date"]!)' from line 2"))   // a code as written stays as it is
    }

    @Test func aRecordThatIsNotThereIsAUsageError() throws {
        let missing = try MCStatProcess.run(["validate", "--explain", "--record", "9", try export()], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("holds 2 records; there is no record 9"))
        let two = try MCStatProcess.run(["validate", "--explain", try export(), try export()], in: directory)
        #expect(two.status == 2)
        #expect(try MCStatProcess.run(["validate", "--explain", "--format", "json", try export()], in: directory).status == 2)
        #expect(try MCStatProcess.run(["validate", "--record", "1", try export()], in: directory).status == 2)
        let unreadable = try MCStatProcess.run(["validate", "--explain", directory.path("absent.csv")], in: directory)
        #expect(unreadable.status == 3)
    }
}
