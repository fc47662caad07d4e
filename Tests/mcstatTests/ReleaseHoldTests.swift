import Foundation
import MCTestSupport
import Testing

/// Fictional awards for the release tests: six (country, year) groups of 80, every attribute
/// drawn from a fixed seed, and new awards drawn the same way.
struct ReleaseData {
    static let groups = [("DE", 2024), ("DE", 2025), ("FR", 2024), ("FR", 2025), ("NL", 2024), ("NL", 2025)]

    /// One award's CSV overrides and the attribute values an attacker would want.
    struct Award {
        var row: [String: String]
        var truth: [String: String]
    }

    static func award(_ id: String, country: String, year: Int, _ g: inout SplitMix) -> Award {
        func pick<T>(_ items: [T]) -> T { items[Int(g.next() % UInt64(items.count))] }
        let month = 1 + Int(g.next() % 12)
        let birth = year - 19 - Int(g.next() % 14)
        let eqf = pick(["6", "7"])
        let ects = pick(["3", "6"])
        let form = pick(["online", "onsite"])
        let isced = pick(["0413", "0613"])
        let qa = pick(["internal", "external"])
        let supervision = pick(["unsupervised-no-id", "supervised-no-id"])
        let stack = pick(["stackable", "stand-alone"])
        let gender = pick(["F", "M"])
        let citizenship = g.next() % 4 == 0 ? pick(["DE", "FR", "NL", "IT"].filter { $0 != country }) : country
        let row = [
            "credential_id": id, "learner_id": "L-" + id, "learner_birth_year": String(birth), "learner_gender": gender,
            "learner_citizenship": citizenship, "issuer_country": country, "awarding_body_id": "\(country)-HS-1",
            "issue_date": String(format: "%04d-%02d-%02d", year, month, 1 + Int(g.next() % 28)), "ects": ects, "workload_hours": "", "eqf_level": eqf,
            "qf_ehea_cycle": "", "participation_form": form, "quality_assurance": qa, "supervision": supervision,
            "stackability": stack, "isced_f": isced,
        ]
        let age = year - birth
        let band = age < 25 ? "LT25" : age < 35 ? "25-34" : age < 45 ? "35-44" : age < 65 ? "45-64" : "GE65"
        let ectsBand: String
        if let e = Double(ects) { ectsBand = e < 1 ? "LT1" : e < 5 ? "1-5" : e < 10 ? "5-10" : e < 15 ? "10-15" : "GE15" } else { ectsBand = "_Z" }
        let truth = [
            "country": country, "year": String(year), "month": String(format: "%04d-%02d", year, month),
            "eqf_level": eqf.isEmpty ? "_Z" : eqf, "ects_band": ectsBand, "participation_form": form,
            "field": isced.isEmpty ? "_Z" : String(isced.prefix(2)), "quality_assurance": qa, "supervision": supervision,
            "stackability": stack, "age_band": band, "gender": gender, "citizenship": citizenship == country ? "domestic" : "foreign",
        ]
        return Award(row: row, truth: truth)
    }

    /// The first night's file: 200 awards in each group.
    static func base() -> [Award] {
        var g = SplitMix(seed: 18)
        return groups.flatMap { country, year in (0..<200).map { award("B-\(country)\(year)-\($0)", country: country, year: year, &g) } }
    }

    /// `n` new awards in the given groups (cycled), from `seed`.
    static func new(_ n: Int, in groups: [(String, Int)], seed: UInt64) -> [Award] {
        var g = SplitMix(seed: 1000 + seed)
        return (0..<n).map { index in
            let (country, year) = groups[index % groups.count]
            return award("N\(seed)-\(index)", country: country, year: year, &g)
        }
    }
}

/// The release hold seen from outside (reports.md, "Across releases"): two releases of the built
/// `mcstat` around n new awards, and an attacker who diffs the two published folders.
@Suite struct ReleaseHoldTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Ingests the base file, publishes, ingests the new awards, publishes again into the same
    /// folder; returns the attack on the two folders (`out.previous` and `out`).
    func twoReleases(_ name: String, new: [ReleaseData.Award], hold: [String] = []) throws -> ReleaseDiffAttack {
        let store = directory.path(name + ".sqlite"), out = directory.path(name + "-out")
        let base = try directory.write(name + "-base.csv", CanonicalCSV.file(ReleaseData.base().map(\.row)))
        let later = try directory.write(name + "-new.csv", CanonicalCSV.file(new.map(\.row)))
        let report = ["report", "--store", store, "--out", out, "--formats", "csv"] + hold
        // A fixed key, outside the store's folder: the cell key method's noise comes from it, so
        // every run of this test sees the same releases.
        let keys = try TemporaryDirectory()
        defer { keys.remove() }
        let key = try keys.write("key", String(repeating: "k", count: 32))
        chmod(key, 0o600)
        let keyed = ["MCSTAT_KEY_FILE": key]
        #expect(try MCStatProcess.run(["ingest", "--store", store, base], in: directory, environment: keyed).status == 0)
        let first = try MCStatProcess.run(report, in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try MCStatProcess.run(["ingest", "--store", store, later], in: directory, environment: keyed).status == 0)
        let second = try MCStatProcess.run(report, in: directory)
        #expect(second.status == 0, "\(second.stderr)")
        return ReleaseDiffAttack(before: out + ".previous", after: out)
    }

    static func table(_ scores: [String: (attack: Double, guess: Double)]) -> String {
        ReleaseDiffAttack.attributes.map { a in
            let s = scores[a.name]!
            return "\(a.name) \(Int((100 * s.attack).rounded()))/\(Int((100 * s.guess).rounded()))"
        }.joined(separator: ", ")
    }

    /// The hold protects both disclosure methods (reports.md, "The cell key method").
    static let methods = ["suppression", "cell-key"]

    static let below: [(name: String, n: Int, groups: [(String, Int)])] = [
        ("one", 1, [("DE", 2025)]),
        ("two-spread", 2, [("DE", 2025), ("FR", 2024)]),
        ("three-spread", 3, [("DE", 2025), ("FR", 2024), ("NL", 2025)]),
        ("two-one-group", 2, [("FR", 2025)]),
        ("three-one-group", 3, [("FR", 2025)]),
    ]

    /// With fewer than H new awards, spread over groups or all in one, the diff tells no
    /// attribute better than a guess from the first release alone: every group is published again
    /// byte for byte.
    @Test(arguments: 0..<5, ReleaseHoldTests.methods)
    func fewNewRecordsRevealNothing(scenario: Int, method: String) throws {
        let (name, n, groups) = ReleaseHoldTests.below[scenario]
        let new = ReleaseData.new(n, in: groups, seed: UInt64(scenario))
        let attack = try twoReleases(name + "-" + method, new: new, hold: ["--method", method])
        let scores = attack.scores(truth: new.map(\.truth))
        print("release hold (\(method)), \(name): attack/guess % per attribute: \(ReleaseHoldTests.table(scores))")
        for (attribute, score) in scores {
            #expect(score.attack <= score.guess + 1e-9, "\(name): \(attribute) attack \(score.attack) beats the guess \(score.guess)")
        }
        #expect(attack.wholeProfiles(truth: new.map(\.truth)) == 0)
        for file in ["uptake", "fields", "quality", "stackability", "learners", "trend", "principles"] {
            #expect(FileManager.default.contents(atPath: attack.before + "/\(file).csv") == FileManager.default.contents(atPath: attack.after + "/\(file).csv"),
                    "\(name): \(file).csv changed")
        }
    }

    /// With H + 2 new awards in one group the group is released: the diff shows the cohort's mix
    /// of values, but no award's whole profile.
    @Test(arguments: ReleaseHoldTests.methods)
    func aReleasedGroupGivesNoWholeProfile(method: String) throws {
        let new = ReleaseData.new(12, in: [("NL", 2024)], seed: 7)
        let attack = try twoReleases("twelve-" + method, new: new, hold: ["--method", method])
        let scores = attack.scores(truth: new.map(\.truth))
        print("release hold (\(method)), 12 new in one group (released): attack/guess % per attribute: \(ReleaseHoldTests.table(scores))")
        #expect(FileManager.default.contents(atPath: attack.before + "/uptake.csv") != FileManager.default.contents(atPath: attack.after + "/uptake.csv"),
                "the group was released")
        #expect(attack.wholeProfiles(truth: new.map(\.truth)) == 0)
    }

    /// The attack is real: without the hold (`--hold 0`, what every release did before) the same
    /// few new awards give themselves away, and one new award its whole profile.
    @Test(arguments: 0..<5)
    func withoutTheHoldTheDiffGivesNewRecordsAway(scenario: Int) throws {
        let (name, n, groups) = ReleaseHoldTests.below[scenario]
        let new = ReleaseData.new(n, in: groups, seed: UInt64(scenario))
        let attack = try twoReleases("no-hold-" + name, new: new, hold: ["--hold", "0"])
        let scores = attack.scores(truth: new.map(\.truth))
        let profiles = attack.wholeProfiles(truth: new.map(\.truth))
        print("no hold, \(name): attack/guess % per attribute: \(ReleaseHoldTests.table(scores)); whole profiles \(profiles) of \(n)")
        let beaten = scores.filter { $0.value.attack > $0.value.guess + 1e-9 }.map(\.key)
        #expect(beaten.count >= 3, "\(name): attributes beaten: \(beaten.sorted())")
        #expect(scores.values.allSatisfy { $0.attack >= $0.guess - 1e-9 })
        if n == 1 {
            #expect(scores.values.allSatisfy { $0.attack == 1 }, "every attribute of the new award is read off the diff")
            #expect(profiles == 1)
        }
    }
}
