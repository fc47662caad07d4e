import Foundation

/// Sorts one group's (key, version) digests in bounded memory, for a store whose server cannot
/// sort by them (PostgreSQL: the digests are computed in the client): entries gather in a run of
/// at most `runEntries`; a full run is sorted and written to an unlinked temporary file; at the
/// end the runs are merged, each read `readEntries` at a time. Memory holds one run and one read
/// buffer per run, whatever the group's size (a group of n records makes n / `runEntries` runs).
package struct VersionSorter {
    package typealias Entry = (key: UInt64, version: UInt64)

    /// Entries a run holds when the caller does not say (1 MiB).
    package static let runEntries = 65536
    /// Entries read from a run at a time while merging (16 KiB).
    package static let readEntries = 1024

    private let runEntries: Int
    private let readEntries: Int
    private var buffer: [Entry] = []
    private var file: SpillFile?
    /// Each written run's first entry and entry count, in the file.
    private var runs: [(start: Int, count: Int)] = []
    private var written = 0

    package init(runEntries: Int = Self.runEntries, readEntries: Int = Self.readEntries) {
        self.runEntries = max(1, runEntries)
        self.readEntries = max(1, readEntries)
    }

    /// The entries added since the last ``drain(_:)``.
    package var count: Int { written + buffer.count }

    /// One entry of the group.
    package mutating func add(key: UInt64, version: UInt64) throws(SpillFile.SpillError) {
        buffer.append((key, version))
        if buffer.count >= runEntries { try writeRun() }
    }

    /// Calls `visit` with every entry added since the last drain, sorted by key, then version
    /// (equal entries come as often as they were added), and starts over empty.
    package mutating func drain(_ visit: (UInt64, UInt64) throws -> Void) throws {
        defer { buffer.removeAll(keepingCapacity: true); runs.removeAll(); written = 0 }
        sortBuffer()
        guard let file, !runs.isEmpty else {
            for entry in buffer { try visit(entry.key, entry.version) }
            return
        }
        defer { try? file.truncate() }
        if !buffer.isEmpty { try writeRun() }
        var cursors = runs.map { RunCursor(start: $0.start, count: $0.count) }
        for index in cursors.indices { try cursors[index].refill(file, readEntries: readEntries) }
        while true {
            var least: Int?
            for index in cursors.indices {
                guard let head = cursors[index].head else { continue }
                if let best = least, let other = cursors[best].head, !Self.less(head, other) { continue }
                least = index
            }
            guard let index = least, let entry = cursors[index].head else { break }
            try visit(entry.key, entry.version)
            try cursors[index].advance(file, readEntries: readEntries)
        }
    }

    private static func less(_ a: Entry, _ b: Entry) -> Bool { a.key < b.key || (a.key == b.key && a.version < b.version) }

    private mutating func sortBuffer() { buffer.sort(by: Self.less) }

    private mutating func writeRun() throws(SpillFile.SpillError) {
        sortBuffer()
        let file: SpillFile
        if let open = self.file { file = open } else { file = try SpillFile(); self.file = file }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(buffer.count * 16)
        for entry in buffer {
            withUnsafeBytes(of: entry.key.littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: entry.version.littleEndian) { bytes.append(contentsOf: $0) }
        }
        try file.write(bytes, at: written * 16, "write a sorted run")
        runs.append((written, buffer.count))
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// One run being merged: the entries read of it and where the rest starts.
    private struct RunCursor {
        var next: Int
        let end: Int
        var entries: [Entry] = []
        var position = 0

        init(start: Int, count: Int) {
            next = start
            end = start + count
        }

        var head: Entry? { position < entries.count ? entries[position] : nil }

        mutating func advance(_ file: SpillFile, readEntries: Int) throws(SpillFile.SpillError) {
            position += 1
            if position == entries.count { try refill(file, readEntries: readEntries) }
        }

        mutating func refill(_ file: SpillFile, readEntries: Int) throws(SpillFile.SpillError) {
            let count = min(readEntries, end - next)
            entries.removeAll(keepingCapacity: true)
            position = 0
            guard count > 0 else { return }
            let data = try file.read(at: next * 16, count: count * 16, "read a sorted run")
            data.withUnsafeBytes { raw in
                for at in stride(from: 0, to: count * 16, by: 16) {
                    entries.append((UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)),
                                    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))))
                }
            }
            next += count
        }
    }
}
