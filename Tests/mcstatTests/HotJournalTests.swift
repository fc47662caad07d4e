import Foundation
import MCTestSupport
import Testing

/// A writer killed in the middle of a rollback-journal transaction leaves a hot `-journal`
/// beside the store; the next reader and the next writer roll it back and go on, with the store
/// as it was before the killed transaction.
@Suite struct HotJournalTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Starts a rollback-journal write on `store` that spills pages into the file, then kills
    /// its own process (SIGKILL): the journal it leaves is hot.
    func killMidTransaction(_ store: String) throws {
        let script = """
        import os, sqlite3, sys
        con = sqlite3.connect(sys.argv[1], isolation_level=None)
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA cache_size = 1")
        con.execute("BEGIN IMMEDIATE")
        con.execute("DELETE FROM runs")
        con.execute("CREATE TABLE scratch (x)")
        con.executemany("INSERT INTO scratch VALUES (?)", [("x" * 500,) for _ in range(2000)])
        os.kill(os.getpid(), 9)
        """
        let result = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script, directory.path(store)], in: directory.url)
        #expect(result.status != 0)
    }

    @Test func aKilledWritersJournalIsRolledBackByTheNextReaderAndWriter() throws {
        try MCStatProcess.ingestSampleData(into: "s.sqlite", in: directory)
        let before = try MCStatProcess.run(["runs", "--store", "s.sqlite"], in: directory)
        #expect(before.status == 0)
        try killMidTransaction("s.sqlite")
        let journal = (try? FileManager.default.attributesOfItem(atPath: directory.path("s.sqlite-journal")))?[.size] as? Int
        #expect((journal ?? 0) > 0, "the killed write left no journal")

        let after = try MCStatProcess.run(["runs", "--store", "s.sqlite"], in: directory)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout == before.stdout)
        let report = try MCStatProcess.run(["report", "--store", "s.sqlite", "--out", "published"], in: directory)
        #expect(report.status == 0, "\(report.stderr)")
    }
}
