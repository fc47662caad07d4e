import Foundation

/// Counts, like ``RecordVersions/changes(since:)``, how many records differ between the versions a
/// folder last published of one group (``RecordVersions/data``) and the group's current versions,
/// handed over one at a time in (key, version) order. Neither side is held whole: the published
/// bytes are either given at once or read a slice at a time (``init(count:sliceBytes:read:)``), so
/// a group of any size costs one slice.
package struct VersionChangeCounter {
    /// The published bytes from `windowStart` on that are in memory.
    private var window: Data
    private var windowStart = 0
    private let end: Int
    private let sliceBytes: Int
    private let read: ((Range<Int>) throws -> Data)?
    private var offset = 0
    private var last: (key: UInt64, version: UInt64)?
    /// The changes counted so far.
    package private(set) var changes = 0

    /// Published slices read when the caller does not say (64 KiB, 4096 records).
    package static let sliceBytes = 65536

    /// `earlier`: the published versions (empty when the folder never published the group).
    package init(earlier: Data = Data()) {
        window = earlier
        end = earlier.count - earlier.count % 16
        sliceBytes = max(16, end)
        read = nil
    }

    /// Published versions of `count` bytes, read by `read` a slice of at most `sliceBytes` (whole
    /// records) at a time, in order; `read` must give the bytes of the range it is asked for.
    package init(count: Int, sliceBytes: Int = Self.sliceBytes, read: @escaping (Range<Int>) throws -> Data) {
        window = Data()
        end = count - count % 16
        self.sliceBytes = max(16, sliceBytes - sliceBytes % 16)
        self.read = read
    }

    /// What went wrong reading the published versions.
    package enum CounterError: Error, CustomStringConvertible {
        case shortSlice(range: Range<Int>, got: Int)
        package var description: String {
            switch self {
            case let .shortSlice(range, got): "published versions \(range.lowerBound)..<\(range.upperBound) gave \(got) bytes"
            }
        }
    }

    private mutating func entry(at offset: Int) throws -> (key: UInt64, version: UInt64) {
        if offset + 16 > windowStart + window.count, let read {
            let range = offset..<min(end, offset + sliceBytes)
            window = try read(range)
            windowStart = offset
            guard window.count == range.count else { throw CounterError.shortSlice(range: range, got: window.count) }
        }
        let at = offset - windowStart
        return window.withUnsafeBytes { raw in
            (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)),
             UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)))
        }
    }

    /// One current record. The same (key, version) twice in a row is one record met twice (a
    /// joint award naming a country twice) and counts once.
    /// - Returns: whether the entry was new (not a repeat).
    @discardableResult
    package mutating func add(key: UInt64, version: UInt64) throws -> Bool {
        if let last, last.key == key, last.version == version { return false }
        last = (key, version)
        while offset < end {
            let old = try entry(at: offset)
            if old.key < key { changes += 1; offset += 16; continue }
            if old.key == key {
                if old.version != version { changes += 1 }
                offset += 16
                return true
            }
            break
        }
        changes += 1
        return true
    }

    /// The changes, every published record not met since counting as one.
    package mutating func finish() -> Int {
        changes += (end - offset) / 16
        offset = end
        return changes
    }
}
