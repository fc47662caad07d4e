import Foundation
import MCModel
import Testing

/// The change counter reading the published versions a slice at a time counts what it counts
/// with the whole published bytes at once, and what ``RecordVersions/changes(since:)`` counts,
/// whatever the slice (one record, a few, the group's size ± 1, more than the group) and the
/// group (empty, one record, slices' multiples ± 1, a trailing partial record, repeats of a
/// record met twice).
@Suite struct VersionChangeCounterTests {
    /// A deterministic generator (SplitMix64).
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `count` records over keys 0..<2·count, versions 0...2.
    static func versions(_ count: Int, _ random: inout Seeded) -> RecordVersions {
        var keys = Set<UInt64>()
        while keys.count < count { keys.insert(UInt64.random(in: 0..<UInt64(max(2, 2 * count)), using: &random)) }
        return RecordVersions(keys.map { (key: $0, version: UInt64.random(in: 0...2, using: &random)) })
    }

    func counted(_ current: RecordVersions, published: Data, sliceBytes: Int?, repeats: Bool) throws -> (changes: Int, reads: [Range<Int>]) {
        var reads: [Range<Int>] = []
        var counter: VersionChangeCounter
        if let sliceBytes {
            counter = VersionChangeCounter(count: published.count, sliceBytes: sliceBytes) { range in
                reads.append(range)
                return published.subdata(in: range)
            }
        } else {
            counter = VersionChangeCounter(earlier: published)
        }
        for (n, entry) in current.entries.enumerated() {
            #expect(try counter.add(key: entry.key, version: entry.version))
            if repeats && n % 3 == 0 { #expect(try !counter.add(key: entry.key, version: entry.version)) }
        }
        return (counter.finish(), reads)
    }

    @Test func slicesCountWhatTheWholeGroupCounts() throws {
        var random = Seeded(state: 24)
        for size in [0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 200] {
            for other in [0, 1, size / 2, size, size + 3] {
                let earlier = Self.versions(other, &random), current = Self.versions(size, &random)
                let expected = current.changes(since: earlier)
                for trailing in [Data(), Data([1, 2, 3])] {
                    let published = earlier.data + trailing
                    for repeats in [false, true] {
                        #expect(try counted(current, published: published, sliceBytes: nil, repeats: repeats).changes == expected)
                        for sliceBytes in [1, 16, 32, 48, 50, 64, 16 * max(1, other) - 16, 16 * other, 16 * other + 16, 65536] {
                            let (changes, reads) = try counted(current, published: published, sliceBytes: sliceBytes, repeats: repeats)
                            #expect(changes == expected, "size \(size) published \(other) slice \(sliceBytes)")
                            // Each slice is read once, in order, whole records, never more than asked.
                            let step = max(16, sliceBytes - sliceBytes % 16)
                            #expect(reads.allSatisfy { $0.count <= step && $0.count % 16 == 0 && $0.upperBound <= 16 * other })
                            #expect(zip(reads, reads.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                        }
                    }
                }
            }
        }
    }

    @Test func aShortSliceIsAnErrorNotAMiscount() throws {
        let earlier = RecordVersions([(1, 1), (2, 2), (3, 3)])
        var counter = VersionChangeCounter(count: 48, sliceBytes: 32) { range in earlier.data.subdata(in: range).dropLast(16) }
        #expect(throws: VersionChangeCounter.CounterError.self) {
            try counter.add(key: 3, version: 3)
        }
    }
}
