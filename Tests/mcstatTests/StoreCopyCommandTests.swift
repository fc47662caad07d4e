import Foundation
import MCTestSupport
import Testing

/// `mcstat store copy FROM TO` (cli.md, "Stores"), run as the built executable between a real
/// SQLite file and a real PostgreSQL database: every table, every version and the key
/// fingerprint move; the copy answers as the original does (the same report sets, `runs` and
/// `rejects`), refuses a target that is not empty, and an interrupted copy keeps nothing.
@Suite(.enabled(if: StoreBackend.all.contains(.postgresql), "this build has no PostgreSQL store"))
struct StoreCopyCommandTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// The tables the filled store has rows in (every table of the schema but the web service's
    /// sign-in state, which only serve fills; `StoreCopyTests` carries a row of every table
    /// through both kinds).
    static let filledTables = ["settings", "runs", "imports", "credentials", "credential_versions", "quarantine",
                               "releases", "release_groups", "accounts", "submissions"]

    /// Every report of the catalogue, completeness included.
    static let everyReport = "uptake,fields,quality,stackability,learners,completeness,trend,principles"

    /// Fills a SQLite store so that every table holds rows: the nightly pipeline over the sample
    /// data (runs, imports, credentials with corrections, the quarantine, a release with held
    /// groups), an account, and a submission whose receipt holds a tab, a newline, a carriage
    /// return, a backslash and non-ASCII text (written with sqlite3, as serve would).
    func filledSQLiteStore() throws -> String {
        let root = Fixtures.packageRoot
        for folder in ["sample-data", "pipelines"] {
            try FileManager.default.copyItem(atPath: root.appendingPathComponent(folder).path, toPath: directory.path(folder))
        }
        let store = directory.path("original.sqlite")
        let run = try MCStatProcess.run(["run", "--quiet", "--store", store, "pipelines/nightly.yml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let held = try MCStatProcess.run(["report", "--quiet", "--store", store, "--out", "held", "--min-cell", "3"], in: directory)
        #expect(held.status == 0, "\(held.stderr)")
        let added = try MCStatProcess.run(["accounts", "add", "--role", "submitter", "--awarding-body", "DE-HRK-0815", "--store", store], in: directory)
        #expect(added.status == 0, "\(added.stderr)")
        let account = try #require(added.stdout.split(separator: " ").dropFirst().first)
        _ = try ProcessRunner.output("/usr/bin/sqlite3", [store, """
            INSERT INTO submissions (id, account_id, awarding_body_id, sha256, received_at, file, bytes, receipt, summary, raw_deleted_at)
            VALUES ('S-1', '\(account)', 'DE-HRK-0815', 'ab12', '2026-12-01T10:00:00Z', 'inbox/a b.csv', 1234,
                    '{"note": "tab' || char(9) || 'newline' || char(10) || 'cr' || char(13) || 'back\\slash \\N Ünïcödé €"}', NULL, '2026-12-02T00:00:00Z')
            """])
        for table in Self.filledTables {
            #expect(try count(table, in: store) > 0, "the filled store has no row in \(table): the test does not show that the copy moves it")
        }
        return store
    }

    /// The tables of a SQLite store, its migration ledger left out.
    func tables(_ store: String) throws -> [String] {
        try ProcessRunner.output("/usr/bin/sqlite3", [store, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'grdb_migrations' ORDER BY name"])
            .split(separator: "\n").map(String.init)
    }

    /// Rows of `table` in a store of either kind.
    func count(_ table: String, in store: String) throws -> Int {
        let output = store.hasPrefix("postgresql://")
            ? try ProcessRunner.output("/usr/bin/psql", [store, "-tAc", "SELECT count(*) FROM \(table)"])
            : try ProcessRunner.output("/usr/bin/sqlite3", [store, "SELECT count(*) FROM \(table)"])
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// A SQLite store's rows, table by table, as sorted `INSERT` lines (the row order of a table
    /// may differ between copies; its content may not).
    func rows(_ store: String) throws -> [String] {
        try ProcessRunner.output("/usr/bin/sqlite3", [store, ".dump"]).split(separator: "\n")
            .filter { $0.hasPrefix("INSERT INTO") && !$0.hasPrefix("INSERT INTO grdb_migrations") }.map(String.init).sorted()
    }

    /// What a store answers: the report set under a hold into the folder the filled store
    /// released into before (so the copied release history decides what is republished) and
    /// without one (every report), `runs` and `rejects`.
    func answers(_ store: String, _ name: String) throws -> [String: Data] {
        var answers: [String: Data] = [:]
        for (set, options) in [("held", ["--min-cell", "3"]), ("open", ["--hold", "0", "--only", Self.everyReport])] {
            let out = directory.path(set == "held" ? "held" : "\(name)-\(set)")
            let report = try MCStatProcess.run(["report", "--quiet", "--store", store, "--out", out] + options, in: directory)
            #expect(report.status == 0, "\(name) \(set): \(report.stderr)")
            for file in try FileManager.default.contentsOfDirectory(atPath: out) where file != "manifest.json" {
                answers["\(set)/\(file)"] = try Data(contentsOf: URL(fileURLWithPath: out + "/" + file))
            }
        }
        for command in [["runs", "--format", "json"], ["rejects", "--format", "json"], ["rejects"]] {
            let listed = try MCStatProcess.run(command + ["--store", store], in: directory)
            #expect(listed.status == 0, "\(name) \(command): \(listed.stderr)")
            answers[command.joined(separator: " ")] = Data(listed.stdout.utf8)
        }
        return answers
    }

    func expectSameAnswers(_ first: [String: Data], _ second: [String: Data], _ what: String) {
        #expect(first.count > 10)
        for name in Set(first.keys).union(second.keys).sorted() {
            #expect(first[name] == second[name], "\(name) differs: \(what)")
        }
    }

    func copy(_ from: String, _ to: String, environment: [String: String] = [:]) throws -> ProcessRunner.Result {
        try MCStatProcess.run(["store", "copy", from, to], in: directory, environment: environment)
    }

    /// SQLite → PostgreSQL → a new SQLite file: every count printed and equal, the same answers
    /// from all three, the same rows in both SQLite files; the copy keeps the key fingerprint (a
    /// run with another key is refused), skips the files imported before, and imports a new
    /// file under a new id.
    @Test func aStoreCopiedToPostgreSQLAndBackAnswersAsTheOriginal() throws {
        defer { directory.remove() }
        let original = try filledSQLiteStore()
        try StoreBackend.postgresql.withStore(in: directory) { url in
            let there = try copy(original, url)
            #expect(there.status == 0, "\(there.stderr)")
            for table in try tables(original) {
                let rows = try count(table, in: original)
                #expect(there.stdout.split(separator: "\n").contains {
                    $0.split(separator: " ", omittingEmptySubsequences: true) == [Substring(table), Substring("\(rows)"), Substring("\(rows)")]
                }, "\(table): \(there.stdout)")
                #expect(try count(table, in: url) == rows, "\(table)")
            }
            let back = directory.path("back.sqlite")
            let again = try copy(url, back)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try rows(back) == rows(original))

            // Each answers after the same history (a report under a hold records a release).
            let before = try answers(original, "original")
            expectSameAnswers(before, try answers(url, "postgresql"), "SQLite and its PostgreSQL copy")
            expectSameAnswers(before, try answers(back, "back"), "SQLite and its copy through PostgreSQL")

            let otherKey = directory.key("other-key", byte: 9)
            let refused = try MCStatProcess.run(["run", "--quiet", "--store", url, "--key-file", otherKey, "pipelines/nightly.yml"], in: directory)
            #expect(refused.status == 2, "\(refused.stderr)")
            #expect(refused.stderr.contains("another pseudonymisation key"), "\(refused.stderr)")

            let imports = try count("imports", in: url), versions = try count("credential_versions", in: url)
            let rerun = try MCStatProcess.run(["run", "--quiet", "--store", url, "pipelines/nightly.yml"], in: directory)
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(try count("imports", in: url) == imports, "files imported before the copy were imported again")
            #expect(try count("credential_versions", in: url) == versions)
            let file = try directory.write("new.csv", CanonicalCSV.file([["credential_id": "NEW-1", "learner_id": "L-new"]]))
            let ingest = try MCStatProcess.run(["ingest", "--quiet", "--store", url, file], in: directory)
            #expect(ingest.status == 0, "\(ingest.stderr)")
            #expect(try count("imports", in: url) == imports + 1)
        }
    }

    /// A target that holds rows is refused (exit 2) and left as it was, in both kinds; so is a
    /// copy of a store onto itself; a missing source creates nothing.
    @Test func aTargetThatIsNotEmptyIsRefused() throws {
        defer { directory.remove() }
        let original = try filledSQLiteStore()
        let other = directory.path("other.sqlite")
        #expect(try copy(original, other).status == 0)
        let rowsBefore = try rows(other)
        let refused = try copy(original, other)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("is not empty"), "\(refused.stderr)")
        #expect(try rows(other) == rowsBefore)
        let itself = try copy(original, "./original.sqlite")
        #expect(itself.status == 2 && itself.stderr.contains("the same store"), "\(itself.stderr)")
        let missing = try copy(directory.path("missing.sqlite"), directory.path("new.sqlite"))
        #expect(missing.status == 2, "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("new.sqlite")))
        try StoreBackend.postgresql.withStore(in: directory) { url in
            #expect(try copy(original, url).status == 0)
            let credentials = try count("credentials", in: url)
            let again = try copy(other, url)
            #expect(again.status == 2 && again.stderr.contains("is not empty"), "\(again.stderr)")
            #expect(try count("credentials", in: url) == credentials)
        }
    }

    /// A copy killed (kill -9) after some of its tables leaves the target without a row, in
    /// both kinds, and a second copy into it succeeds.
    @Test func aCopyKilledHalfWayLeavesTheTargetEmpty() throws {
        defer { directory.remove() }
        let original = try filledSQLiteStore()
        try StoreBackend.postgresql.withStore(in: directory) { url in
            for target in [url, directory.path("target.sqlite")] {
                let killed = try copy(original, target, environment: ["MCSTAT_TEST_ABORT_AT": "store-copy-table:5", "SWIFT_BACKTRACE": "enable=no"])
                #expect(killed.status != 0)
                for table in try tables(original) { #expect(try count(table, in: target) == 0, "\(target) \(table)") }
                let again = try copy(original, target)
                #expect(again.status == 0, "\(again.stderr)")
                #expect(try count("credentials", in: target) == count("credentials", in: original))
            }
        }
    }

    /// A source written by a newer mcstat is refused (exit 4) and nothing is made.
    @Test func aNewerSourceIsRefused() throws {
        defer { directory.remove() }
        let original = try filledSQLiteStore()
        _ = try ProcessRunner.output("/usr/bin/sqlite3", [original, "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')"])
        let refused = try copy(original, directory.path("new.sqlite"))
        #expect(refused.status == 4, "\(refused.stderr)")
        #expect(refused.stderr.contains("newer"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("new.sqlite")))
    }
}
