import Foundation

/// The record versions of one group: per record, a 64-bit digest of its key and of its content
/// hash, sorted by key. Enough to count how many records were added, corrected or revoked since.
package struct RecordVersions: Sendable, Equatable {
    /// (key digest, version digest) pairs, sorted by key digest.
    package private(set) var entries: [(key: UInt64, version: UInt64)]

    package init(_ entries: [(key: UInt64, version: UInt64)] = []) {
        self.entries = entries.sorted { $0.key < $1.key || ($0.key == $1.key && $0.version < $1.version) }
    }

    package static func == (a: RecordVersions, b: RecordVersions) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.key == $1.key && $0.version == $1.version }
    }

    /// How many records differ between `earlier` and these: present in one only, or present in
    /// both with another content.
    package func changes(since earlier: RecordVersions) -> Int {
        var changed = 0
        var i = 0, j = 0
        let a = earlier.entries, b = entries
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].key < b[j].key) { changed += 1; i += 1 }
            else if i == a.count || b[j].key < a[i].key { changed += 1; j += 1 }
            else { if a[i].version != b[j].version { changed += 1 }; i += 1; j += 1 }
        }
        return changed
    }

    /// 16 bytes per record, little-endian.
    package var data: Data {
        var words = [UInt64]()
        words.reserveCapacity(entries.count * 2)
        for entry in entries { words += [entry.key.littleEndian, entry.version.littleEndian] }
        return words.withUnsafeBytes { Data($0) }
    }

    package init(data: Data) {
        entries = data.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count - raw.count % 16, by: 16).map { at in
                (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)),
                 UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)))
            }
        }
    }

    /// A record key's digest: FNV-1a 64 of `awarding_body_id 0x1F credential_id`, mixed.
    package static func digest(_ text: String) -> UInt64 {
        var hash = fnvBasis
        for byte in text.utf8 { hash = fnv(hash, byte) }
        return mixed(hash)
    }

    /// FNV-1a 64's starting value.
    package static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One byte of FNV-1a 64.
    @inline(__always) package static func fnv(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    /// The final mix of ``digest(_:)``.
    @inline(__always) package static func mixed(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33; hash &*= 0xff51_afd7_ed55_8ccd; hash ^= hash >> 33
        return hash
    }

    /// A record's version: the first 16 hex digits of its content hash, or the digest of the
    /// hash when they are not hex (nil: a record stored before hashes).
    package static func version(contentHash hash: String?) -> UInt64 {
        UInt64((hash ?? "").prefix(16), radix: 16) ?? digest(hash ?? "")
    }

    /// Per group, how many records differ between `current` and `published` (a group in either).
    package static func changes(current: [ReleaseGroup: RecordVersions], published: [ReleaseGroup: RecordVersions]) -> [ReleaseGroup: Int] {
        var changes: [ReleaseGroup: Int] = [:]
        for group in Set(current.keys).union(published.keys) {
            changes[group] = (current[group] ?? RecordVersions()).changes(since: published[group] ?? RecordVersions())
        }
        return changes
    }
}
