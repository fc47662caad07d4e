import Foundation

/// Counts, like ``RecordVersions/changes(since:)``, how many records differ between the versions a
/// folder last published of one group (``RecordVersions/data``) and the group's current versions,
/// handed over one at a time in (key, version) order: only the published bytes are held, never
/// the current versions, so a group of any size costs 16 bytes a record once.
package struct VersionChangeCounter {
    private let earlier: Data
    private var offset = 0
    private var last: (key: UInt64, version: UInt64)?
    /// The changes counted so far.
    package private(set) var changes = 0

    /// `earlier`: the published versions (empty when the folder never published the group).
    package init(earlier: Data = Data()) {
        self.earlier = earlier
    }

    private var end: Int { earlier.count - earlier.count % 16 }

    private func entry(at offset: Int) -> (key: UInt64, version: UInt64) {
        earlier.withUnsafeBytes { raw in
            (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
             UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
        }
    }

    /// One current record. The same (key, version) twice in a row is one record met twice (a
    /// joint award naming a country twice) and counts once.
    /// - Returns: whether the entry was new (not a repeat).
    @discardableResult
    package mutating func add(key: UInt64, version: UInt64) -> Bool {
        if let last, last.key == key, last.version == version { return false }
        last = (key, version)
        while offset < end {
            let old = entry(at: offset)
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
