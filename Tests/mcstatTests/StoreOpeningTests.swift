import Foundation
import MCTestSupport
import Testing

/// What the outside audit found about keys, the lock and store files (issue 19), through the
/// built `mcstat` (cli.md "Common").
@Suite struct StoreOpeningTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func export(_ name: String = "a.csv") throws -> String {
        try directory.write(name, CanonicalCSV.file((1...3).map { ["credential_id": "C-\($0)", "learner_id": "L-\($0)"] }))
    }

    func sha256(_ path: String) throws -> String {
        try ProcessRunner.output("/usr/bin/sha256sum", [path]).split(separator: " ")[0].description
    }

    /// The message for a missing store names every command that creates one, and it is true:
    /// `accounts add` makes the store the readers refused.
    @Test func aMissingStoreNamesEveryCommandThatCreatesOne() throws {
        defer { directory.remove() }
        for reader in [["runs"], ["rejects"], ["report", "--hold", "0"], ["accounts", "list"]] {
            let refused = try MCStatProcess.run(reader + ["--store", "s.sqlite"], in: directory)
            #expect(refused.status == 2, "\(reader): \(refused.stderr)")
            #expect(refused.stderr.contains("no store at s.sqlite; only ingest, run and accounts add create one"), "\(reader): \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.path("s.sqlite")))
        }
        #expect(try MCStatProcess.run(["accounts", "add", "--role", "analyst", "--store", "s.sqlite"], in: directory).status == 0)
        #expect(try MCStatProcess.run(["runs", "--store", "s.sqlite"], in: directory).status == 0)
    }

    /// A key in the store's folder (or below it) was used, and even created there.
    @Test func aKeyInTheStoresFolderIsRefusedHoweverItIsNamed() throws {
        defer { directory.remove() }
        let file = try export()
        try FileManager.default.createDirectory(atPath: directory.path("data/sub"), withIntermediateDirectories: true)
        let existing = try directory.write("data/sub/key", Data(repeating: 5, count: 32))
        chmod(existing, 0o600)
        let cases: [(arguments: [String], environment: [String: String], key: String)] = [
            (["--key-file", "data/sub/key"], [:], existing),
            (["--key-file", directory.path("data/new.key")], [:], directory.path("data/new.key")),
            ([], ["MCSTAT_KEY_FILE": directory.path("data/./sub/../env.key")], directory.path("data/env.key")),
            ([], ["XDG_CONFIG_HOME": directory.path("data/xdg")], directory.path("data/xdg/mcstat/key")),
        ]
        for (arguments, environment, key) in cases {
            for command in [["ingest", "--store", "data/s.sqlite"] + arguments + [file],
                            ["run", "--store", "data/s.sqlite"] + arguments + ["p.yml"]] {
                try directory.write("p.yml", "name: p\nsources:\n  - path: a.csv\nreport: {out: rep}\n")
                let result = try MCStatProcess.run(command, in: directory, environment: environment)
                #expect(result.status == 2, "\(command) \(environment): \(result.stderr)")
                #expect(result.stderr.contains("store's folder"), "\(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: directory.path("data/s.sqlite")))
                if key != existing { #expect(!FileManager.default.fileExists(atPath: key), "a key was created at \(key)") }
            }
        }
        // Through a link into the store's folder, too.
        try FileManager.default.createSymbolicLink(atPath: directory.outsidePath("linked"), withDestinationPath: directory.path("data/sub"))
        let linked = try MCStatProcess.run(["ingest", "--store", "data/s.sqlite", "--key-file", directory.outsidePath("linked/key"), file],
                                           in: directory)
        #expect(linked.status == 2, "\(linked.stderr)")
    }

    @Test(arguments: [0o602, 0o620, 0o622, 0o660, 0o606, 0o604])
    func aKeyOthersMayWriteOrReadIsRefused(_ mode: Int) throws {
        defer { directory.remove() }
        let key = directory.key("k")
        chmod(key, mode_t(mode))
        let result = try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--key-file", key, try export()], in: directory)
        #expect(result.status == 2, "mode \(String(mode, radix: 8)): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("s.sqlite")))
    }

    /// The writer lock followed a symbolic link and truncated its target.
    @Test func theLockFileIsNeverOpenedThroughALink() throws {
        defer { directory.remove() }
        let precious = try directory.write("precious.txt", "keep me\n")
        try FileManager.default.createSymbolicLink(atPath: directory.path("s.sqlite.lock"), withDestinationPath: precious)
        let result = try MCStatProcess.run(["ingest", "--store", "s.sqlite", try export()], in: directory)
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("s.sqlite.lock"))
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "keep me\n")
        // A FIFO in its place is refused too, without hanging.
        try FileManager.default.removeItem(atPath: directory.path("s.sqlite.lock"))
        #expect(mkfifo(directory.path("s.sqlite.lock"), 0o600) == 0)
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", try export()], in: directory).status == 4)
    }

    /// Another program's SQLite file, or an empty file, was adopted and migrated.
    @Test func aFileThatIsNoMcstatStoreIsLeftUntouched() throws {
        defer { directory.remove() }
        let file = try export()
        _ = try ProcessRunner.output("/usr/bin/sqlite3", [directory.path("other.sqlite"), "CREATE TABLE t (x); INSERT INTO t VALUES (1);"])
        FileManager.default.createFile(atPath: directory.path("empty.sqlite"), contents: Data())
        try directory.write("p.yml", "name: p\nsources:\n  - path: a.csv\nreport: {out: rep}\n")
        _ = try MCStatProcess.run(["accounts", "add", "--role", "analyst", "--store", "own.sqlite"], in: directory)
        for store in ["other.sqlite", "empty.sqlite"] {
            let before = try sha256(directory.path(store))
            for command in [["ingest", file], ["run", "p.yml"], ["report", "--out", "out"], ["runs"], ["rejects"],
                            ["accounts", "list"], ["accounts", "add", "--role", "analyst"]] {
                let result = try MCStatProcess.run(command + ["--store", store], in: directory)
                #expect(result.status == 4, "\(store) \(command): \(result.stderr)")
                #expect(result.stderr.contains("not an mcstat store"), "\(result.stderr)")
                #expect(!result.stderr.contains("upgrade"), "\(result.stderr)")
            }
            #expect(try sha256(directory.path(store)) == before, "\(store) was changed")
            #expect(!FileManager.default.fileExists(atPath: directory.path(store + "-wal")))
            #expect(!FileManager.default.fileExists(atPath: directory.path(store + "-shm")))
        }
    }

    /// Readers left -wal and -shm beside the store, also beside stores they refused.
    @Test func readersLeaveNothingBesideTheStore() throws {
        defer { directory.remove() }
        let file = try export()
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", file], in: directory).status == 0)
        #expect(try MCStatProcess.run(["accounts", "add", "--role", "analyst", "--store", "s.sqlite"], in: directory).status == 0)
        // A newer store (a migration this mcstat does not know), refused.
        #expect(try MCStatProcess.run(["ingest", "--store", "new.sqlite", file], in: directory).status == 0)
        _ = try ProcessRunner.output("/usr/bin/sqlite3", [directory.path("new.sqlite"), "INSERT INTO grdb_migrations VALUES ('v99-later')"])
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path("")))
        for command in [["report", "--out", "out"], ["runs"], ["rejects"], ["rejects", "--format", "json"], ["accounts", "list"]] {
            #expect(try MCStatProcess.run(command + ["--store", "s.sqlite"], in: directory).status == 0, "\(command)")
            #expect(try MCStatProcess.run(command + ["--store", "new.sqlite"], in: directory).status == 4, "\(command)")
        }
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path("")))
        #expect(after.subtracting(before) == ["out"], "\(after.subtracting(before).sorted())")
        #expect(after.allSatisfy { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }, "\(after.sorted())")
    }

    /// `accounts list|revoke` and `serve` created a store on a typo.
    @Test func accountsAndServeNeverCreateAStore() throws {
        defer { directory.remove() }
        for command in [["accounts", "list"], ["accounts", "revoke", "3f9a0c12d4e5"],
                        ["serve", "--listen", "127.0.0.1:0", "--inbox", directory.outsidePath("inbox"), "--reports", directory.path("rep")]] {
            let result = try MCStatProcess.run(command + ["--store", "typo.sqlite"], in: directory)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("typo.sqlite"))
            #expect(!FileManager.default.fileExists(atPath: directory.path("typo.sqlite")), "\(command)")
        }
    }
}
