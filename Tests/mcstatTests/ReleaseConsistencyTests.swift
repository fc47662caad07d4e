import Foundation
import MCTestSupport
import Testing

/// The release hold through the built `mcstat`: what is published again, what is recorded, the
/// options' rules and the writer lock.
@Suite struct ReleaseConsistencyTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    static let reports = ["uptake", "fields", "quality", "stackability", "learners", "trend", "principles"]

    func run(_ arguments: [String], expect status: Int32 = 0) throws -> ProcessRunner.Result {
        let result = try MCStatProcess.run(arguments, in: directory)
        #expect(result.status == status, "\(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    func files(_ out: String) -> [String: Data] {
        Dictionary(uniqueKeysWithValues: ReleaseConsistencyTests.reports.map { ($0, FileManager.default.contents(atPath: directory.path(out) + "/\($0).csv") ?? Data()) })
    }

    func manifest(_ out: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.path(out) + "/manifest.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func csv(_ out: String, _ report: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: directory.path(out) + "/\(report).csv", encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    /// The same store twice, a store rebuilt from the same files with the same key, and an
    /// unchanged record sent again all publish the same bytes; nothing is released the second time.
    @Test func unchangedRecordsPublishTheSameBytes() throws {
        let base = ReleaseData.base()
        let file = try directory.write("base.csv", CanonicalCSV.file(base.map(\.row)))
        _ = try run(["ingest", "--store", "a.sqlite", file])
        _ = try run(["report", "--store", "a.sqlite", "--out", "a", "--formats", "csv"])
        let first = files("a")
        let firstRelease = try manifest("a")["release"] as? [String: Any]
        _ = try run(["report", "--store", "a.sqlite", "--out", "a", "--formats", "csv"])
        #expect(files("a") == first)
        let second = try manifest("a")["release"] as? [String: Any]
        let groups = second?["groups"] as? [[String: Any]] ?? []
        #expect(groups.count == ReleaseData.groups.count)
        #expect(groups.allSatisfy { ($0["release"] as? Int) == (firstRelease?["release"] as? Int) })
        #expect((second?["release"] as? Int) != (firstRelease?["release"] as? Int))

        _ = try run(["ingest", "--store", "b.sqlite", file])
        _ = try run(["report", "--store", "b.sqlite", "--out", "b", "--formats", "csv"])
        #expect(files("b") == first, "a store rebuilt from the same file and key")

        let resent = try directory.write("resent.csv", CanonicalCSV.file([base[3].row]))
        _ = try run(["ingest", "--store", "a.sqlite", resent])
        _ = try run(["report", "--store", "a.sqlite", "--out", "a", "--formats", "csv"])
        #expect(files("a") == first, "an unchanged record sent again")
        let third = try manifest("a")["release"] as? [String: Any]
        #expect((third?["groups"] as? [[String: Any]] ?? []).allSatisfy { ($0["release"] as? Int) == (firstRelease?["release"] as? Int) })
        // The manifest tells nothing of how many records the store holds.
        let store = try manifest("a")["store"] as? [String: Any]
        #expect(store?["issued"] == nil && store?["credentials"] == nil)
    }

    /// With groups held and released side by side, every (country, year) total is one figure in
    /// every report, and the months of trend add up to it.
    @Test func totalsAgreeAcrossReportsInAMixedRelease() throws {
        let file = try directory.write("base.csv", CanonicalCSV.file(ReleaseData.base().map(\.row)))
        _ = try run(["ingest", "--store", "s.sqlite", file])
        _ = try run(["report", "--store", "s.sqlite", "--out", "out", "--formats", "csv"])
        let new = ReleaseData.new(12, in: [("NL", 2024)], seed: 3) + ReleaseData.new(2, in: [("DE", 2025)], seed: 4)
        _ = try run(["ingest", "--store", "s.sqlite", try directory.write("new.csv", CanonicalCSV.file(new.map(\.row)))])
        _ = try run(["report", "--store", "s.sqlite", "--out", "out", "--formats", "csv"])
        var totals: [String: [String: String]] = [:]   // group → report → credentials
        for report in ["uptake", "fields", "quality", "stackability"] {
            for row in try csv("out", report) where row.filter({ !["country", "year", "credentials", "learners", "ects_total", "status", "share_learners_multiple"].contains($0.key) }).values.allSatisfy({ $0 == "_T" }) {
                totals[row["country"]! + " " + row["year"]!, default: [:]][report] = row["credentials"]! + "/" + row["status"]!
            }
        }
        for row in try csv("out", "principles") {
            totals[row["country"]! + " " + row["year"]!, default: [:]]["principles"] = row["credentials"]! + "/" + row["status"]!
        }
        var months: [String: Int] = [:]
        var suppressedMonths: Set<String> = []
        for row in try csv("out", "trend") {
            let group = row["country"]! + " " + row["month"]!.prefix(4)
            months[group, default: 0] += Int(row["credentials"]!) ?? 0
            if !row["status"]!.isEmpty { suppressedMonths.insert(group) }
        }
        #expect(totals.count == ReleaseData.groups.count)
        for (group, byReport) in totals {
            #expect(Set(byReport.values).count == 1 && byReport.count == 5, "\(group): \(byReport)")
            let total = Int(byReport["uptake"]?.split(separator: "/").first ?? "") ?? -1
            if suppressedMonths.contains(group) {
                #expect((months[group] ?? 0) <= total - 5, "\(group): suppressed months hold at least k")
            } else {
                #expect(months[group] == total, "\(group): months \(months[group] ?? -1), total \(total)")
            }
        }
        #expect(totals["NL 2024"]?["uptake"] == "212/", "the group with 12 new awards was released")
        #expect(totals["DE 2025"]?["uptake"] == "200/", "the group with 2 new awards was held")
    }

    /// `--hold` is 0 or at least k (a usage error otherwise, also in a pipeline file); with a hold,
    /// report takes the writer lock (exit 5 when another writer holds it); `--hold 0` only reads,
    /// and says in words, like `--min-cell 1`, that the set is for internal use.
    @Test func holdOptionsAndTheWriterLock() throws {
        let file = try directory.write("base.csv", CanonicalCSV.file(ReleaseData.base().prefix(250).map(\.row)))
        _ = try run(["ingest", "--store", "s.sqlite", file])
        let refused = try run(["report", "--store", "s.sqlite", "--out", "o", "--hold", "3"], expect: 2)
        #expect(refused.stderr.contains("below --min-cell 5"))
        _ = try run(["report", "--store", "s.sqlite", "--out", "o", "--hold", "12", "--min-cell", "15"], expect: 2)
        let pipeline = try directory.write("p.yml", "name: p\nsources:\n  - path: base.csv\nreport: {min_cell: 5, hold: 4}\n")
        let badPipeline = try run(["run", "--store", "s.sqlite", pipeline], expect: 2)
        #expect(badPipeline.stderr.contains("line 4"))

        let lock = open(directory.path("s.sqlite.lock"), O_RDWR | O_CREAT, 0o600)
        defer { close(lock) }
        #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
        _ = try run(["report", "--store", "s.sqlite", "--out", "o"], expect: 5)
        _ = try run(["report", "--store", "s.sqlite", "--out", "internal", "--hold", "0", "--min-cell", "1"])
        flock(lock, LOCK_UN)
        let internalSet = try manifest("internal")
        #expect((internalSet["release"] as? [String: Any])?["note"] as? String == "published every night without a release hold: for internal use, not for publication")
        #expect((internalSet["disclosure"] as? [String: Any])?["method"] as? String == "none")
        #expect((internalSet["disclosure"] as? [String: Any])?["note"] as? String == "not protected: for internal use, not for publication")
        let page = try String(contentsOfFile: directory.path("internal") + "/index.html", encoding: .utf8)
        #expect(page.contains("No release hold") && page.contains("Disclosure control is switched off"))
        _ = try run(["report", "--store", "s.sqlite", "--out", "o"])
        let page2 = try String(contentsOfFile: directory.path("o") + "/index.html", encoding: .utf8)
        #expect(page2.contains("Release hold:") && page2.contains("at least 10 of its records"))
    }

    /// `completeness` names institutions and would give each one's new records night by night: it
    /// is not in the default set, only written when named.
    @Test func completenessOnlyWhenAskedFor() throws {
        let file = try directory.write("base.csv", CanonicalCSV.file(ReleaseData.base().prefix(30).map(\.row)))
        _ = try run(["ingest", "--store", "s.sqlite", file])
        _ = try run(["report", "--store", "s.sqlite", "--out", "public"])
        #expect(!FileManager.default.fileExists(atPath: directory.path("public") + "/completeness.csv"))
        let names = (try manifest("public")["reports"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names == ReleaseConsistencyTests.reports)
        _ = try run(["report", "--store", "s.sqlite", "--out", "feedback", "--only", "completeness", "--hold", "0"])
        #expect(FileManager.default.fileExists(atPath: directory.path("feedback") + "/completeness.csv"))
    }

    /// `mcstat runs` shows which groups a run released and which it held.
    @Test func runsShowReleasedAndHeldGroups() throws {
        _ = try directory.write("in/base.csv", CanonicalCSV.file(ReleaseData.base().map(\.row)))
        let pipeline = try directory.write("p.yml", "name: nightly\nsources:\n  - path: in/*\nreport: {out: out, formats: [csv]}\n")
        _ = try run(["run", "--store", "s.sqlite", pipeline])
        _ = try directory.write("in/new.csv", CanonicalCSV.file(ReleaseData.new(2, in: [("FR", 2025)], seed: 9).map(\.row)))
        _ = try run(["run", "--store", "s.sqlite", pipeline])
        let runs = try run(["runs", "--store", "s.sqlite"]).stdout
        #expect(runs.contains("released: none; held: FR 2025"), "\(runs)")
        #expect(runs.contains("released: DE 2024, DE 2025, FR 2024, FR 2025, NL 2024, NL 2025; held: none"), "\(runs)")
    }
}
