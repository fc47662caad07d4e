import Foundation
import MCAggregate
import MCModel
import MCStore
import MCTestSupport
import Testing

/// The release hold mixes rows of two nights: groups held at last night's rows, groups released
/// with tonight's. Disclosure control must hold across the mix. It does because every group of
/// cells it protects lies within one (country, year): the mixed catalogue is exactly the
/// catalogue of a store holding each group's records of the night its rows come from, and the
/// independent checker finds nothing in it.
@Suite struct ReleaseHoldPropertyTests {
    /// A deterministic 64-bit digest (FNV-1a).
    static func digest(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    static func group(_ fact: CredentialFact, _ country: String) -> ReleaseGroup {
        ReleaseGroup(country: country, year: String(fact.issueDate.year))
    }

    /// Every record's current version, per group (as the store gives them).
    static func versions(_ facts: [CredentialFact]) -> [ReleaseGroup: RecordVersions] {
        var entries: [ReleaseGroup: [(key: UInt64, version: UInt64)]] = [:]
        for fact in facts {
            let entry = (digest(fact.awardingBodyId + "\u{1F}" + fact.credentialId), digest(String(describing: fact)))
            for country in Set(fact.countries) { entries[group(fact, country), default: []].append(entry) }
        }
        return entries.mapValues(RecordVersions.init)
    }

    /// The next night: some records corrected or revoked, some new ones (copies of existing
    /// ones' profiles, so they fall in the same groups), a few of them for learners seen before.
    static func nextNight(_ facts: [CredentialFact], seed: UInt64) -> [CredentialFact] {
        var g = SplitMix(seed: seed &+ 77)
        var next = facts
        for index in next.indices where g.next() % 20 == 0 {
            if g.next() % 2 == 0 { next[index].status = .revoked } else { next[index].participationForm = .blended }
        }
        for number in 0..<Int(g.next() % 40) {
            var fact = facts[Int(g.next() % UInt64(facts.count))]
            fact.credentialId = "new-\(number)"
            if g.next() % 3 != 0 { fact.learnerKey = "new-learner-\(number)" }
            next.append(fact)
        }
        return next
    }

    /// The records of the groups in `groups` only (a joint award keeps the countries it has there).
    static func restricted(_ facts: [CredentialFact], to groups: Set<ReleaseGroup>) -> [CredentialFact] {
        facts.compactMap { fact in
            var kept = fact
            kept.countries = fact.countries.filter { groups.contains(group(fact, $0)) }
            return kept.countries.isEmpty ? nil : kept
        }
    }

    @Test(arguments: 0..<24)
    func theMixedCatalogueIsProtected(seed: Int) throws {
        let tonight = disclosureStore(seed: UInt64(seed))
        let later = ReleaseHoldPropertyTests.nextNight(tonight, seed: UInt64(seed))
        for k in [5, 10] {
            let hold = ReleaseHold(hold: max(10, k))
            let versionsTonight = ReleaseHoldPropertyTests.versions(tonight)
            let first = try hold.apply(to: protectedCatalogue(tonight, k: k), layout: "L", published: [:],
                                       changes: RecordVersions.changes(current: versionsTonight, published: [:]))
            var state: [ReleaseGroup: PublishedGroup] = [:]
            var stateVersions: [ReleaseGroup: RecordVersions] = [:]
            for (group, rows) in first.released {
                state[group] = PublishedGroup(releaseId: 1, releasedAt: "night 1", layout: "L", rows: rows)
                stateVersions[group] = versionsTonight[group] ?? RecordVersions()
            }
            let second = try hold.apply(to: protectedCatalogue(later, k: k), layout: "L", published: state,
                                        changes: RecordVersions.changes(current: ReleaseHoldPropertyTests.versions(later), published: stateVersions))
            let fromFirst = Set(second.earlier.keys), fromSecond = Set(second.released.map(\.group))
            #expect(fromFirst.isDisjoint(with: fromSecond))
            let mixture = ReleaseHoldPropertyTests.restricted(tonight, to: fromFirst) + ReleaseHoldPropertyTests.restricted(later, to: fromSecond)
            let published = second.tables.filter(\.hasStatus)
            // (Rows kept between releases are the published rows: without the cell keys behind them.)
            let expected = try protectedCatalogue(mixture, k: k).filter(\.hasStatus).map { table in
                var table = table
                table.rows = table.rows.map { var row = $0; row.keys = nil; return row }
                return table
            }
            #expect(published == expected, "seed \(seed) k \(k): the mixed catalogue is not the catalogue of its groups' records")
            let found = LeakChecker(credentials: mixture, k: k).violations(in: published)
            #expect(found.isEmpty, "seed \(seed) k \(k): \(found.prefix(5))")
        }
    }

    /// Groups released with fewer than H changes would let a diff single records out: the
    /// counting of changes sees additions, corrections and revocations, and nothing else.
    @Test func changesCountAdditionsCorrectionsAndRevocations() {
        let v = { (pairs: [(UInt64, UInt64)]) in RecordVersions(pairs.map { (key: $0.0, version: $0.1) }) }
        let before = v([(1, 10), (2, 20), (3, 30)])
        #expect(before.changes(since: before) == 0)
        #expect(v([(3, 30), (1, 10), (2, 20)]).changes(since: before) == 0)
        #expect(v([(1, 10), (2, 20), (3, 30), (4, 40)]).changes(since: before) == 1)
        #expect(v([(1, 11), (2, 20), (3, 31)]).changes(since: before) == 2)
        #expect(v([(1, 10)]).changes(since: before) == 2)
        #expect(v([(1, 10), (5, 50)]).changes(since: RecordVersions()) == 2)
        #expect(RecordVersions(data: before.data) == before)
    }
}
