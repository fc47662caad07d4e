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
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once the import transaction has written to the WAL.
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline,
              ((try? FileManager.default.attributesOfItem(atPath: store + "-wal")[.size] as? Int) ?? 0) < 4_000_000 {
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
}
