import Foundation
import MCStore
import Testing

/// The bounded sorter gives a group's entries in the order of sorting them all at once, for any
/// run size (one entry, a few, the group's size ± 1, more than the group) and group (empty, one
/// entry, runs' multiples ± 1, repeated entries, equal keys of other versions), group after group
/// with the same sorter.
@Suite struct VersionSorterTests {
    static func sorted(_ entries: [(UInt64, UInt64)]) -> [[UInt64]] {
        entries.map { [$0.0, $0.1] }.sorted { $0[0] < $1[0] || ($0[0] == $1[0] && $0[1] < $1[1]) }
    }

    @Test func runsMergeIntoTheOrderOfOneSort() throws {
        var state: UInt64 = 24
        func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % bound
        }
        for runEntries in [1, 2, 3, 7, 64] {
            for readEntries in [1, 2, 5, 1024] {
                var sorter = VersionSorter(runEntries: runEntries, readEntries: readEntries)
                for size in [0, 1, 2, runEntries - 1, runEntries, runEntries + 1, 3 * runEntries - 1, 3 * runEntries, 3 * runEntries + 1, 200, 0, 5]
                where size >= 0 {
                    var entries: [(UInt64, UInt64)] = []
                    for _ in 0..<size {
                        // Few keys: equal keys of other versions, and the same entry twice (a joint
                        // award naming a country twice).
                        let entry = (next(UInt64(max(1, size / 2))), next(3))
                        entries.append(entry)
                        if next(4) == 0 { entries.append(entry) }
                    }
                    for entry in entries { try sorter.add(key: entry.0, version: entry.1) }
                    #expect(sorter.count == entries.count)
                    var got: [[UInt64]] = []
                    try sorter.drain { got.append([$0, $1]) }
                    #expect(got == Self.sorted(entries), "run \(runEntries) read \(readEntries) size \(size)")
                    #expect(sorter.count == 0)
                }
            }
        }
    }

    @Test func aDrainThatStopsLeavesTheSorterEmpty() throws {
        struct Stop: Error {}
        var sorter = VersionSorter(runEntries: 2, readEntries: 1)
        for n in 0..<9 { try sorter.add(key: UInt64(9 - n), version: 0) }
        #expect(throws: Stop.self) { try sorter.drain { key, _ in if key == 4 { throw Stop() } } }
        #expect(sorter.count == 0)
        try sorter.add(key: 1, version: 1)
        var got: [[UInt64]] = []
        try sorter.drain { got.append([$0, $1]) }
        #expect(got == [[1, 1]])
    }
}
