import Foundation
import MCTestSupport
import Testing

/// `--store` and `MCSTAT_STORE` name either kind of store (cli.md, "Stores"). A PostgreSQL URL
/// that cannot be used (in a build without the PostgreSQL client, or with a password in it, which
/// libpq's rules here refuse) is a usage error (exit 2) for every command that touches the store,
/// said before anything is made: no key, no lock file, no SQLite file named like the URL, and the
/// password never shown.
@Suite struct StoreKindTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    static let url = "postgresql://alice:hunter2@db.example:5432/mcstat?sslmode=require"

    @Test func aPostgreSQLURLThatCannotBeUsedIsAUsageErrorThatMakesNothing() throws {
        defer { directory.remove() }
        let file = try directory.write("a.csv", CanonicalCSV.file([["credential_id": "C-1", "learner_id": "L-1"]]))
        try directory.write("p.yml", "name: p\nsources:\n  - path: a.csv\nreport: {out: rep}\n")
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        let commands: [[String]] = [
            ["ingest", file], ["run", "p.yml"], ["run", "--dry-run", "p.yml"], ["runs"], ["rejects"],
            ["report", "--hold", "0", "--out", "rep"], ["report", "--out", "rep"],
            ["accounts", "add", "--role", "analyst"], ["accounts", "list"], ["serve", "--inbox", "inbox", "--reports", "rep"],
        ]
        for command in commands {
            for (arguments, environment) in [(command + ["--store", Self.url], [String: String]()), (command, ["MCSTAT_STORE": Self.url])] {
                let result = try MCStatProcess.run(arguments, in: directory, environment: environment)
                #expect(result.status == 2, "\(arguments) \(environment): \(result.stderr)")
                #expect(result.stderr.contains("db.example"), "\(arguments): \(result.stderr)")
                #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == before)
        #expect(!FileManager.default.fileExists(atPath: directory.outsidePath("config/mcstat/key")), "a key was made")
        let doctor = try MCStatProcess.run(["doctor", "--store", Self.url], in: directory)
        #expect(doctor.status != 0 && doctor.stdout.contains("PROBLEM  store: ") && doctor.stdout.contains("db.example"), "\(doctor.stdout)")
        #expect(!doctor.stdout.contains("hunter2") && !doctor.stderr.contains("hunter2"))
    }
}
