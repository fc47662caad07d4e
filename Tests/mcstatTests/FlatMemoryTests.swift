import Foundation
import MCTestSupport
import Testing

/// cli.md "Common": `--format json` output is streamed, and a file of rejected records needs no
/// more memory than one of accepted ones (2M rejected rows took 1.35 GB before).
@Suite struct FlatMemoryTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Peak RSS in MB of `mcstat validate --format json --output … file` (GNU time's `%M`).
    func peakMB(_ file: String, jobs: String? = nil) throws -> (Double, Int32, String) {
        let output = directory.path(((file as NSString).lastPathComponent) + ".json")
        let result = try ProcessRunner.run("/usr/bin/time", ["-f", "maxrss=%M", MCStatProcess.executable.path,
                                                             "validate", "--quiet", "--format", "json", "--output", output]
                                                            + (jobs.map { ["--jobs", $0] } ?? []) + [file],
                                           in: directory.url)
        let line = try #require(result.stderr.split(separator: "\n").last { $0.hasPrefix("maxrss=") })
        return (Double(line.dropFirst(7))! / 1000, result.status, try String(contentsOfFile: output, encoding: .utf8))
    }

    @Test
    func rejectedRecordsCostNoMoreMemoryThanAcceptedOnes() throws {
        let count = 60_000
        let header = CanonicalCSV.header.joined(separator: ",") + "\n"
        var good = header, bad = header
        for index in 0..<count {
            good += CanonicalCSV.row(["credential_id": "C-\(index)"]) + "\n"
            bad += CanonicalCSV.row(["credential_id": "C-\(index)", "issue_date": "2025-02-30", "eqf_level": "9"]) + "\n"
        }
        let (acceptedMB, acceptedStatus, _) = try peakMB(try directory.write("good.csv", good))
        let (rejectedMB, rejectedStatus, json) = try peakMB(try directory.write("bad.csv", bad))
        #expect(acceptedStatus == 0)
        #expect(rejectedStatus == 1)
        #expect(json.components(separatedBy: "\"code\" : \"bad_issue_date\"").count - 1 == count)
        // Holding 60,000 issues and the whole document in memory took > 100 MB more.
        #expect(rejectedMB < acceptedMB + 25, "peak RSS \(rejectedMB) MB rejected vs \(acceptedMB) MB accepted")
    }

    /// Peak RSS in MB of `mcstat run --format json` over a pipeline reading `file` into a new store.
    func runPeakMB(_ file: String, store: String) throws -> (Double, Int32, String) {
        let pipeline = try directory.write(store + ".yml", "name: flat\nsources:\n  - path: \(file)\nreport: {out: \(store)-reports, only: [uptake], formats: [csv]}\n")
        let result = try ProcessRunner.run("/usr/bin/time", ["-f", "maxrss=%M", MCStatProcess.executable.path,
                                                             "run", "--quiet", "--store", store + ".sqlite", "--key-file", directory.outsidePath("key"),
                                                             "--format", "json", pipeline], in: directory.url)
        let line = try #require(result.stderr.split(separator: "\n").last { $0.hasPrefix("maxrss=") })
        return (Double(line.dropFirst(7))! / 1000, result.status, result.stdout)
    }

    @Test
    func aRunsMemoryDoesNotGrowWithItsRejectedRecords() throws {
        let header = CanonicalCSV.header.joined(separator: ",") + "\n"
        func rejected(_ count: Int) -> String {
            var text = header
            for index in 0..<count {
                text += CanonicalCSV.row(["credential_id": "C-\(index)", "issue_date": "2025-02-30", "eqf_level": "9"]) + "\n"
            }
            return text
        }
        _ = directory.key("key")
        let (smallMB, smallStatus, _) = try runPeakMB(try directory.write("small.csv", rejected(70_000)), store: "small")
        let (largeMB, largeStatus, json) = try runPeakMB(try directory.write("large.csv", rejected(140_000)), store: "large")
        #expect(smallStatus == 0 && largeStatus == 0)
        print("run peak RSS: \(smallMB) MB for 70,000 rejected rows, \(largeMB) MB for 140,000")
        #expect(json.components(separatedBy: "\"code\" : \"bad_issue_date\"").count - 1 == 140_000)
        // Holding every file's issues until the end of the run took ~80 MB more for 54,000 more
        // issues. The smaller run is large enough to fill the store writer's 64 MiB page cache
        // as well (about 1.1 KB a quarantined row), so that the cache is not measured as growth.
        #expect(largeMB < smallMB + 25, "peak RSS \(largeMB) MB for 140,000 rejected rows vs \(smallMB) MB for 70,000")
    }

    /// Records waiting for a normalizing thread are bounded in bytes, not only in number: a file
    /// of long records (here 40 KB each) must not be held whole on its way through.
    @Test
    func longRecordsWaitingForAThreadAreBoundedInBytes() throws {
        func lines(_ count: Int) throws -> String {
            var text = ""
            for index in 0..<count {
                var record = CanonicalCSV.base
                record["credential_id"] = "LONG-\(index)"
                record["learning_outcomes"] = String(repeating: "Reads and explains long texts. ", count: 1_300)
                text += String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self) + "\n"
            }
            return text
        }
        let (smallMB, smallStatus, _) = try peakMB(try directory.write("few-long.jsonl", try lines(300)))
        let (largeMB, largeStatus, json) = try peakMB(try directory.write("many-long.jsonl", try lines(3_000)))
        #expect(smallStatus == 0 && largeStatus == 0)
        #expect(json.contains("\"accepted\" : 3000"))
        // 6 batches of 512 such records in flight held ~120 MB; bounded by bytes, a few MB.
        #expect(largeMB < smallMB + 25, "peak RSS \(largeMB) MB for 3,000 long records vs \(smallMB) MB for 300")
    }

    /// A header row of 3,000,000 column names (26 MB) took 258 MB and 93 s to be read whole
    /// (the audit's 160 MB header: 1.55 GB); it is refused once it runs past 1 MiB.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
    func aHeaderRowIsRefusedBeforeItIsHeldWhole() throws {
        var header = "credential_id,learner_id,title"
        header.reserveCapacity(27 << 20)
        for index in 0..<3_000_000 { header += ",c\(index)" }
        let path = try directory.write("wide.csv", header + "\nC,L,T\n")
        header = ""
        let (peak, status, json) = try peakMB(path)
        #expect(status == 3)
        #expect(json.contains("the header row runs past 1 MiB"))
        #expect(peak < 100, "peak RSS \(peak) MB for a 26 MB header row")
    }

    /// A record longer than a batch makes a batch of its own: six of them in flight held six
    /// such records (8 rows of 12 MiB: 180 MB at `--jobs 2`, 44 MB at `--jobs 1`; the audit saw
    /// 1 GB with 60 MiB values). Bounded by bytes in flight, one waits at a time, and the reader
    /// reads no further meanwhile: 97 MB, a row in each stage (reading, checking, counting).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
    func recordsLongerThanABatchWaitOneAtATime() throws {
        var text = CanonicalCSV.header.joined(separator: ",") + "\n"
        let long = String(repeating: "x", count: 12 << 20)
        for index in 0..<8 { text += CanonicalCSV.row(["credential_id": "H-\(index)", "further_info": long]) + "\n" }
        let path = try directory.write("huge.csv", text)
        text = ""
        let (oneMB, oneStatus, oneJSON) = try peakMB(path, jobs: "1")
        let (twoMB, twoStatus, twoJSON) = try peakMB(path, jobs: "2")
        #expect(oneStatus == 1 && twoStatus == 1)   // 1 MiB is the longest value kept: value_too_long
        #expect(oneJSON == twoJSON)
        print("peak RSS for 8 rows of 12 MiB: \(oneMB) MB at --jobs 1, \(twoMB) MB at --jobs 2")
        #expect(twoMB < oneMB + 85, "peak RSS \(twoMB) MB at --jobs 2 vs \(oneMB) MB at --jobs 1")
    }
}
