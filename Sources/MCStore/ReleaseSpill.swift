import Foundation
internal import MCModel

/// The current versions of every group, as ``Store/releaseChanges(out:layout:)`` read them in
/// its one sorted pass over the store, kept in an unlinked temporary file: ``Store/recordRelease(_:)``
/// takes the released groups' versions from it instead of sorting the store again. Written and
/// read a slice at a time, so memory holds one slice whatever a group's size; the file (16 bytes
/// a record and country) goes when the spill does.
final class ReleaseSpill: Sendable {
    /// The store's state when the versions were read (see ``Stamp``).
    let stamp: Stamp
    /// Each group's bytes in the file (``RecordVersions/data``'s layout).
    private let groups: [ReleaseGroup: Range<Int>]
    private let file: SpillFile

    /// Which state of the store the spill was read from: SQLite's `data_version` (changes when
    /// another connection commits) and the rows this connection changed so far. Equal stamps:
    /// the store's records are as they were read.
    struct Stamp: Equatable, Sendable {
        var dataVersion: Int64
        var totalChanges: Int64
    }

    typealias SpillError = SpillFile.SpillError

    fileprivate init(stamp: Stamp, groups: [ReleaseGroup: Range<Int>], file: SpillFile) {
        self.stamp = stamp
        self.groups = groups
        self.file = file
    }

    /// How many bytes of versions `group` has (0 when it has no record).
    func count(of group: ReleaseGroup) -> Int { groups[group]?.count ?? 0 }

    /// The versions of `group` in order, `sliceBytes` at most at a time (whole records), each
    /// with its offset in the group's bytes; nothing when the group has no record.
    func slices(of group: ReleaseGroup, sliceBytes: Int = VersionChangeCounter.sliceBytes,
                _ body: (_ slice: Data, _ offset: Int) throws -> Void) throws {
        guard let range = groups[group] else { return }
        let step = max(16, sliceBytes - sliceBytes % 16)
        var at = 0
        while at < range.count {
            let count = min(step, range.count - at)
            try body(try file.read(at: range.lowerBound + at, count: count, "read back \(group.label)"), at)
            at += count
        }
    }

    /// Writes one group at a time: ``start(_:)``, ``add(key:version:)`` for each distinct entry,
    /// then ``finish(stamp:)``; a group's bytes go to the file every `sliceBytes`.
    struct Writer {
        private let file: SpillFile
        private let sliceBytes: Int
        private var groups: [ReleaseGroup: Range<Int>] = [:]
        private var current: (group: ReleaseGroup, start: Int)?
        private var pending = Data()
        private var written = 0
        private var failure: SpillError?

        /// Opens an unlinked file in the temporary folder.
        init(sliceBytes: Int = VersionChangeCounter.sliceBytes) throws(SpillError) {
            file = try SpillFile()
            self.sliceBytes = max(16, sliceBytes)
        }

        /// The next group; the one before is written out.
        mutating func start(_ group: ReleaseGroup) throws(SpillError) {
            try end()
            current = (group, written)
        }

        /// One record's (key, version) of the current group. A failure to write shows at the next
        /// ``start(_:)`` or ``finish(stamp:)``.
        mutating func add(key: UInt64, version: UInt64) {
            guard failure == nil else { return }
            withUnsafeBytes(of: key.littleEndian) { pending.append(contentsOf: $0) }
            withUnsafeBytes(of: version.littleEndian) { pending.append(contentsOf: $0) }
            if pending.count >= sliceBytes {
                do { try flush() } catch { failure = error }
            }
        }

        /// The spill, its file now holding every group.
        mutating func finish(stamp: Stamp) throws(SpillError) -> ReleaseSpill {
            try end()
            return ReleaseSpill(stamp: stamp, groups: groups, file: file)
        }

        private mutating func end() throws(SpillError) {
            if let failure { throw failure }
            guard let (group, start) = current else { return }
            try flush()
            groups[group] = start..<written
            current = nil
        }

        private mutating func flush() throws(SpillError) {
            let label = current?.group.label ?? ""
            try file.write(pending, at: written, "write \(label)")
            written += pending.count
            pending.removeAll(keepingCapacity: true)
        }
    }
}
