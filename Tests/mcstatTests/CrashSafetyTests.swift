import Foundation
import MCTestSupport
import Testing

/// A nightly import killed half-way leaves the store as it was, and the next run imports the file.
@Suite struct CrashSafetyTests {
    @Test func killedMidImportLeavesNoTrace() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var text = CanonicalCSV.header.joined(separator: ",") + "\n"
        for n in 0..<150_000 { text += CanonicalCSV.row(["credential_id": "C-\(n)", "learner_id": "L-\(n % 5000)"]) + "\n" }
        let export = try directory.write("big.csv", text)
        let store = directory.path("s.sqlite")

        let process = Process()
        process.executableURL = MCStatProcess.executable
        process.arguments = ["ingest", "--quiet", "--store", store, export]
        process.environment = ProcessInfo.processInfo.environment.merging(MCStatProcess.isolated(directory)) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once the import transaction has written pages of its own: a new store's first
        // import writes them into the store itself, beside a rollback journal (a later import
        // writes them to the WAL).
        func size(_ suffix: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: store + suffix)[.size] as? Int) ?? 0 }
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline,
              size("-wal") < 4_000_000, !(FileManager.default.fileExists(atPath: store + "-journal") && size("") > 4_000_000) {
            usleep(20_000)
        }
        let killedWhileRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedWhileRunning)

        let check = try ProcessRunner.output("/usr/bin/sqlite3", [store, "PRAGMA integrity_check; SELECT COUNT(*) FROM imports; SELECT COUNT(*) FROM credentials;"])
        #expect(check.split(separator: "\n") == ["ok", "0", "0"])

        let again = try MCStatProcess.run(["ingest", "--quiet", "--store", store, export], in: directory)
        #expect(again.status == 0)
        let after = try ProcessRunner.output("/usr/bin/sqlite3", [store, "SELECT COUNT(*) FROM credentials; SELECT read, accepted FROM imports;"])
        #expect(after.split(separator: "\n") == ["150000", "150000|150000"])
    }

    /// `report` killed at random moments: `--out` always holds one complete set that matches its
    /// manifest (every listed file there with the SHA-256 of its bytes, nothing else), never a
    /// mix of two nights.
    @Test func reportKilledAtRandomMomentsLeavesOneCompleteSet() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try MCStatProcess.ingestSampleData(into: "s.sqlite", in: directory)
        let out = directory.path("published")
        // A first complete set, and how long a report takes here.
        let started = Date()
        #expect(try MCStatProcess.run(["report", "--store", "s.sqlite", "--out", out], in: directory).status == 0)
        let duration = Date().timeIntervalSince(started)
        var generator = SplitMix(seed: 20_261_130)
        // Sixteen kills must hit a running report. A kill drawn after the report ended (it ran
        // faster than the first one, the machine being less loaded) shortens the span the next
        // moment is drawn from, so the count does not depend on the machine's speed or load.
        var span = duration
        var killedWhileRunning = 0, round = 0
        while killedWhileRunning < 16, round < 400 {
            let process = Process()
            process.executableURL = MCStatProcess.executable
            // Alternate thresholds, so that two nights' sets differ in content.
            process.arguments = ["report", "--store", "s.sqlite", "--out", out, "--min-cell", round % 2 == 0 ? "3" : "7"]
            process.currentDirectoryURL = directory.url
            process.environment = ProcessInfo.processInfo.environment.merging(MCStatProcess.isolated(directory)) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(Double(generator.next() % 1000) / 1000 * span * 1_000_000))
            if process.isRunning { killedWhileRunning += 1 } else { span *= 0.7 }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try ReportSetCheck.problems(in: out) == [], "round \(round)")
            round += 1
        }
        #expect(killedWhileRunning == 16, "only \(killedWhileRunning) kills hit a running report")
        // The next report clears what the killed ones left and publishes a complete set.
        let next = try MCStatProcess.run(["report", "--store", "s.sqlite", "--out", out], in: directory)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try ReportSetCheck.problems(in: out) == [])
        let beside = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains("published") }
        #expect(beside.sorted() == ["published", "published.previous"])
    }
}
