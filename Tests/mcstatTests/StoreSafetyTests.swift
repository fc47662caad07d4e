import Foundation
import MCTestSupport
import Testing

/// Keys, store opening and the writer lock, through the real executable (cli.md "Common",
/// `mcstat run`).
@Suite struct StoreSafetyTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func export(_ name: String, ids: ClosedRange<Int>, learner: String = "L") throws -> String {
        try directory.write(name, CanonicalCSV.file(ids.map { ["credential_id": "C-\($0)", "learner_id": "\(learner)-\($0)"] }))
    }

    func sqlite(_ store: String, _ sql: String) throws -> String {
        try ProcessRunner.output("/usr/bin/sqlite3", [store, sql]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func sha256(_ path: String) throws -> String {
        try ProcessRunner.output("/usr/bin/sha256sum", [path]).split(separator: " ")[0].description
    }

    // MARK: Keys

    @Test func theDefaultKeyLivesUnderXDGConfigHomeNeverBesideTheStore() throws {
        defer { directory.remove() }
        let file = try export("a.csv", ids: 1...3)
        try FileManager.default.createDirectory(atPath: directory.path("data"), withIntermediateDirectories: true)
        let result = try MCStatProcess.run(["ingest", "--store", "data/s.sqlite", file], in: directory,
                                           environment: ["XDG_CONFIG_HOME": directory.path("xdg")])
        #expect(result.status == 0, "\(result.stderr)")
        let key = directory.path("xdg/mcstat/key")
        #expect(result.stderr.contains("created a new pseudonymisation key at \(key)"))
        #expect((try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: directory.path("xdg/mcstat"))[.posixPermissions] as? Int) == 0o700)
        let beside = try FileManager.default.contentsOfDirectory(atPath: directory.path("data"))
        #expect(beside.allSatisfy { !$0.hasSuffix(".key") }, "\(beside)")
        #expect((try FileManager.default.attributesOfItem(atPath: directory.path("data/s.sqlite"))[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aBadKeyIsRefusedBeforeAnyStoreIsCreated() throws {
        defer { directory.remove() }
        let file = try export("a.csv", ids: 1...3)
        try directory.write("p.yml", "name: p\nsources:\n  - path: a.csv\n")
        let short = directory.outsidePath("short.key")
        try Data(repeating: 7, count: 31).write(to: URL(fileURLWithPath: short))
        chmod(short, 0o600)
        let open = directory.key("open.key")
        chmod(open, 0o640)
        try FileManager.default.createDirectory(atPath: directory.outsidePath("dir.key"), withIntermediateDirectories: true)
        for key in [short, open, directory.outsidePath("dir.key")] {
            for arguments in [["ingest", "--store", "s.sqlite", "--key-file", key, file],
                              ["run", "--store", "s.sqlite", "--key-file", key, "p.yml"]] {
                let result = try MCStatProcess.run(arguments, in: directory)
                #expect(result.status == 2, "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains(key))
                #expect(!FileManager.default.fileExists(atPath: directory.path("s.sqlite")))
            }
        }
    }

    @Test func anotherKeyIsRefusedBecauseLearnersWouldBeCountedTwice() throws {
        defer { directory.remove() }
        let first = try export("a.csv", ids: 1...3)
        let second = try export("b.csv", ids: 4...6)
        let keyA = directory.key("a.key", byte: 1)
        let keyB = directory.key("b.key", byte: 2)
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--key-file", keyA, first], in: directory).status == 0)
        // The fingerprint as an independent implementation (Python's hmac) computes it.
        let expected = try ProcessRunner.output("/usr/bin/python3", ["-c",
            "import hmac,hashlib;print(hmac.new(bytes([1])*32,b'mcstat key fingerprint',hashlib.sha256).hexdigest()[:16])"])
        #expect(try sqlite(directory.path("s.sqlite"), "SELECT value FROM settings WHERE name = 'key_fingerprint'")
                == expected.trimmingCharacters(in: .whitespacesAndNewlines))
        let refused = try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--key-file", keyB, second], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("counted twice"))
        #expect(try sqlite(directory.path("s.sqlite"), "SELECT COUNT(*) FROM imports") == "1")
        try directory.write("p.yml", "name: p\nsources:\n  - path: b.csv\n")
        #expect(try MCStatProcess.run(["run", "--store", "s.sqlite", "--key-file", keyB, "p.yml"], in: directory).status == 2)
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--key-file", keyA, second], in: directory).status == 0)
    }

    @Test func aStoreFilledWithTheOldDefaultKeyBesideItIsNotSilentlyRekeyed() throws {
        defer { directory.remove() }
        let first = try export("a.csv", ids: 1...3)
        let second = try export("b.csv", ids: 4...6)
        // A store as the previous mcstat left it: filled with <store>.key, no fingerprint recorded
        // (that key cannot be named any more: it lies in the store's folder).
        let outside = directory.key("legacy.key", byte: 9)
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--key-file", outside, first], in: directory).status == 0)
        let legacy = try directory.write("s.sqlite.key", Data(repeating: 9, count: 32))
        chmod(legacy, 0o600)
        _ = try sqlite(directory.path("s.sqlite"), "DELETE FROM settings")
        let refused = try MCStatProcess.run(["ingest", "--store", "s.sqlite", second], in: directory)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("s.sqlite.key") && refused.stderr.contains("counted twice"))
        #expect(try sqlite(directory.path("s.sqlite"), "SELECT COUNT(*) FROM imports") == "1")
        // Named where it lies, it is refused; moved out of the store's folder and named, it is
        // the store's key again.
        let beside = try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--key-file", legacy, second], in: directory)
        #expect(beside.status == 2 && beside.stderr.contains("store's folder"), "\(beside.stderr)")
        let moved = directory.outsidePath("moved.key")
        try FileManager.default.moveItem(atPath: legacy, toPath: moved)
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", "--key-file", moved, second], in: directory).status == 0)
    }

    // MARK: Opening the store

    @Test func readersNeverCreateAStore() throws {
        defer { directory.remove() }
        for command in [["report", "--out", "out"], ["runs"], ["rejects"]] {
            let result = try MCStatProcess.run(command + ["--store", "typo.sqlite"], in: directory)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.contains("typo.sqlite"))
            #expect(!FileManager.default.fileExists(atPath: directory.path("typo.sqlite")))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("out")))
    }

    @Test func readersWorkOnAStoreInAReadOnlyFolder() throws {
        defer { directory.remove() }
        let file = try export("a.csv", ids: 1...6)
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", file], in: directory).status == 0)
        // A read-only mount: even root cannot write there, so any -wal, -shm or journal would fail.
        let mount = directory.path("ro")
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        guard (try? ProcessRunner.output("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mount])) != nil else {
            Issue.record("cannot mount a tmpfs here; this test needs root")
            return
        }
        defer { _ = try? ProcessRunner.output("/usr/bin/umount", [mount]) }
        try FileManager.default.copyItem(atPath: directory.path("s.sqlite"), toPath: mount + "/s.sqlite")
        _ = try ProcessRunner.output("/usr/bin/mount", ["-o", "remount,ro", mount])
        // A report with a release hold records its release in the store: it cannot here, and says
        // so; with --hold 0 it only reads.
        let held = try MCStatProcess.run(["report", "--store", mount + "/s.sqlite", "--out", "out"], in: directory)
        #expect(held.status == 4 && held.stderr.contains("--hold 0"), "\(held.stderr)")
        let report = try MCStatProcess.run(["report", "--store", mount + "/s.sqlite", "--out", "out", "--hold", "0"], in: directory)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try String(contentsOfFile: directory.path("out/uptake.csv"), encoding: .utf8).contains("DE,2025,_T,_T,_T,6,6,"))
        #expect(try MCStatProcess.run(["runs", "--store", mount + "/s.sqlite"], in: directory).status == 0)
        #expect(try MCStatProcess.run(["rejects", "--store", mount + "/s.sqlite"], in: directory).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount) == ["s.sqlite"])
    }

    @Test func aDamagedOrNewerStoreIsRefusedUntouched() throws {
        defer { directory.remove() }
        let file = try export("a.csv", ids: 1...300)
        let later = try export("b.csv", ids: 301...302)
        try directory.write("p.yml", "name: p\nsources:\n  - path: b.csv\n")

        // Migrations from a newer mcstat.
        #expect(try MCStatProcess.run(["ingest", "--store", "new.sqlite", file], in: directory).status == 0)
        _ = try sqlite(directory.path("new.sqlite"), "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')")
        // Damage: overwrite the middle of the credentials table's pages.
        #expect(try MCStatProcess.run(["ingest", "--store", "bad.sqlite", file], in: directory).status == 0)
        let bad = directory.path("bad.sqlite")
        let handle = try #require(FileHandle(forUpdatingAtPath: bad))
        try handle.seek(toOffset: 5 * 4096 + 8)
        handle.write(Data(repeating: 0xA5, count: 2048))
        try handle.close()
        #expect(try ProcessRunner.run("/usr/bin/sqlite3", [bad, "PRAGMA quick_check"]).stdout != "ok\n")
        // Not a store at all.
        try directory.write("junk.sqlite", Data(repeating: 0x42, count: 8192))

        for store in ["new.sqlite", "bad.sqlite", "junk.sqlite"] {
            let before = try sha256(directory.path(store))
            for command in [["ingest", later], ["run", "p.yml"], ["report", "--out", "out"], ["runs"], ["rejects"]] {
                let result = try MCStatProcess.run(command + ["--store", store], in: directory)
                #expect(result.status == 4, "\(store) \(command): \(result.stderr)")
                #expect(result.stderr.contains(store))
            }
            #expect(try sha256(directory.path(store)) == before, "\(store) was changed")
        }
    }

    // MARK: The writer lock and run history

    /// A big export, so that an ingest of it runs for a while.
    func bigExport() throws -> String {
        var text = CanonicalCSV.header.joined(separator: ",") + "\n"
        for n in 0..<40_000 { text += CanonicalCSV.row(["credential_id": "C-\(n)", "learner_id": "L-\(n % 5000)"]) + "\n" }
        return try directory.write("big.csv", text)
    }

    /// Starts `mcstat` in the background and returns once it holds the store's lock.
    func startWriter(_ arguments: [String], store: String) throws -> Process {
        let process = Process()
        process.executableURL = MCStatProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory.url
        process.environment = ProcessInfo.processInfo.environment.merging(MCStatProcess.isolated(directory)) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline,
              (try? String(contentsOfFile: store + ".lock", encoding: .utf8))?.contains("pid \(process.processIdentifier)") != true {
            usleep(10_000)
        }
        return process
    }

    @Test func everyWriterTakesTheLockAndNamesTheHolder() throws {
        defer { directory.remove() }
        let big = try bigExport()
        try directory.write("p.yml", "name: p\nsources:\n  - path: big.csv\n")
        let store = directory.path("s.sqlite")
        let first = try startWriter(["ingest", "--quiet", "--store", store, big], store: store)
        let busy = try MCStatProcess.run(["ingest", "--store", store, big], in: directory)
        let busyRun = try MCStatProcess.run(["run", "--store", store, "p.yml"], in: directory)
        #expect(first.isRunning, "the first ingest ended before the second was tried")
        #expect(busy.status == 5, "\(busy.stderr)")
        #expect(busy.stderr.contains("pid \(first.processIdentifier), ingest, since 20"))
        #expect(busyRun.status == 5, "\(busyRun.stderr)")
        // With --wait the second ingest of the same file waits, then skips it: no UNIQUE failure.
        let waited = try MCStatProcess.run(["ingest", "--wait", "900", "--store", store, big], in: directory)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stdout.contains("skipped"))
        #expect(!waited.stderr.contains("UNIQUE"))
        #expect(try sqlite(store, "SELECT COUNT(*) FROM imports") == "1")
    }

    @Test func aKilledRunIsMarkedInterruptedByTheNextWriter() throws {
        defer { directory.remove() }
        _ = try bigExport()
        try directory.write("p.yml", "name: p\nsources:\n  - path: big.csv\nreport:\n  out: rep\n")
        let store = directory.path("s.sqlite")
        let run = try startWriter(["run", "--quiet", "--store", store, "p.yml"], store: store)
        let deadline = Date().addingTimeInterval(30)
        while run.isRunning, Date() < deadline, (try? sqlite(store, "SELECT outcome FROM runs")) != "running" { usleep(10_000) }
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let before = try MCStatProcess.run(["runs", "--store", store], in: directory)
        #expect(before.stdout.split(separator: "\n").dropFirst().contains { $0.split(separator: " ").contains("running") }, "\(before.stdout)")
        let small = try export("small.csv", ids: 1...2)
        #expect(try MCStatProcess.run(["ingest", "--store", store, small], in: directory).status == 0)
        let after = try MCStatProcess.run(["runs", "--store", store, "--format", "json"], in: directory)
        #expect(after.stdout.contains("\"outcome\" : \"interrupted\""), "\(after.stdout)")
        #expect(!after.stdout.contains("\"outcome\" : \"running\""))
    }
}
