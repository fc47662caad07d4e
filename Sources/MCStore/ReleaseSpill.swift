import Foundation
internal import MCModel

/// The current versions of every group, as ``Store/releaseChanges(out:layout:)`` read them in
/// its one sorted pass over the store, kept in an unlinked temporary file: ``Store/recordRelease(_:)``
/// takes the released groups' versions from it instead of sorting the store again. Only one
/// group's versions are ever in memory; the file (16 bytes a record and country) goes when the
/// spill does.
final class ReleaseSpill: Sendable {
    /// The store's state when the versions were read (see ``Stamp``).
    let stamp: Stamp
    /// Each group's bytes in the file (``RecordVersions/data``'s layout).
    private let groups: [ReleaseGroup: Range<Int>]
    private let file: File

    /// Which state of the store the spill was read from: SQLite's `data_version` (changes when
    /// another connection commits) and the rows this connection changed so far. Equal stamps:
    /// the store's records are as they were read.
    struct Stamp: Equatable, Sendable {
        var dataVersion: Int64
        var totalChanges: Int64
    }

    fileprivate init(stamp: Stamp, groups: [ReleaseGroup: Range<Int>], file: File) {
        self.stamp = stamp
        self.groups = groups
        self.file = file
    }

    /// The unlinked file, closed when the last of its writer and spill goes.
    fileprivate final class File: Sendable {
        let descriptor: Int32
        init(_ descriptor: Int32) { self.descriptor = descriptor }
        deinit { close(descriptor) }
    }

    /// The versions of `group` (empty when it has no record).
    func versions(of group: ReleaseGroup) throws(SpillError) -> Data {
        guard let range = groups[group], !range.isEmpty else { return Data() }
        var data = Data(count: range.count)
        let done = data.withUnsafeMutableBytes { raw in
            var done = 0
            while done < range.count {
                let got = pread(file.descriptor, raw.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                done += got
            }
            return done
        }
        guard done == range.count else { throw .io("read back \(group.label)", errno) }
        return data
    }

    /// What went wrong with the spill file; the store then reads the versions again instead.
    enum SpillError: Error {
        case io(String, Int32)
    }

    /// Writes one group at a time: ``start(_:)``, ``add(key:version:)`` for each distinct entry,
    /// then ``finish(stamp:)``.
    struct Writer {
        private let file: File
        private var groups: [ReleaseGroup: Range<Int>] = [:]
        private var current: ReleaseGroup?
        private var pending = Data()
        private var written = 0

        /// Opens an unlinked file in the temporary folder.
        init() throws(SpillError) {
            var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("mcstat-release-XXXXXX").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw .io("create a temporary file", errno) }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            file = File(descriptor)
        }

        /// The next group; the one before is written out.
        mutating func start(_ group: ReleaseGroup) throws(SpillError) {
            try flush()
            current = group
        }

        /// One record's (key, version) of the current group.
        mutating func add(key: UInt64, version: UInt64) {
            withUnsafeBytes(of: key.littleEndian) { pending.append(contentsOf: $0) }
            withUnsafeBytes(of: version.littleEndian) { pending.append(contentsOf: $0) }
        }

        /// The spill, its file now holding every group.
        mutating func finish(stamp: Stamp) throws(SpillError) -> ReleaseSpill {
            try flush()
            return ReleaseSpill(stamp: stamp, groups: groups, file: file)
        }

        private mutating func flush() throws(SpillError) {
            guard let group = current else { return }
            let count = pending.count
            let done = pending.withUnsafeBytes { raw in
                var done = 0
                while done < count {
                    let wrote = write(file.descriptor, raw.baseAddress! + done, count - done)
                    if wrote < 0 && errno == EINTR { continue }
                    guard wrote > 0 else { break }
                    done += wrote
                }
                return done
            }
            guard done == count else { throw .io("write \(group.label)", errno) }
            groups[group] = written..<(written + count)
            written += count
            pending.removeAll(keepingCapacity: true)
            current = nil
        }
    }
}
