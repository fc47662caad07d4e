internal import CLibZ
import Foundation

/// A zip archive read without trusting it: the central directory parsed with every offset and
/// size checked against the file, members inflated with zlib over exactly their compressed
/// bytes, the output counted against a budget and checked against its CRC-32. A member whose
/// deflate stream does not end inside its bytes is damaged, never a loop (a general-purpose zip
/// library looped forever on such a member, found by fuzzing).
struct ZipArchive {
    /// One member as the central directory describes it.
    struct Member {
        /// The name's bytes as stored.
        var nameBytes: [UInt8]
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: UInt64
        var size: UInt64
        var localHeaderOffset: UInt64
        var isLink: Bool
        var isDirectory: Bool

        /// The name, when it is UTF-8 (whatever the archive's flag says).
        var utf8Name: String? { String(validating: nameBytes, as: UTF8.self) }
        /// The name for messages: UTF-8, or its bytes read as Latin-1.
        var shownName: String { utf8Name ?? String(nameBytes.map { Character(Unicode.Scalar($0)) }) }
    }

    /// Why an archive or member cannot be read.
    enum Failure: Error, Equatable {
        /// The bytes are not what the format says: `reason` tells what.
        case damaged(String)
        /// Unpacking would pass the byte budget.
        case overBudget
    }

    let members: [Member]
    private let handle: FileHandle
    private let fileSize: UInt64

    /// Reads the central directory of the archive at `path` (at most `maxMembers` members).
    init(path: String, maxMembers: Int) throws(Failure) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .damaged("cannot open the archive") }
        self.handle = handle
        do { fileSize = try handle.seekToEnd() } catch { throw .damaged("cannot read the archive") }
        let tailLength = min(fileSize, 22 + 65_535)
        let tail = try Self.read(handle, at: fileSize - tailLength, count: Int(tailLength), fileSize: fileSize)
        guard tail.count >= 22,
              let end = stride(from: tail.count - 22, through: 0, by: -1).first(where: { tail.uint32(at: $0) == 0x0605_4B50 }) else {
            throw .damaged("no end of central directory: not a zip archive, or a truncated one")
        }
        var count = UInt64(tail.uint16(at: end + 10))
        var directorySize = UInt64(tail.uint32(at: end + 12))
        var directoryOffset = UInt64(tail.uint32(at: end + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: the locator sits just before the end record and points at the zip64 end record.
            guard end >= 20, tail.uint32(at: end - 20) == 0x0706_4B50 else { throw .damaged("a zip64 archive without its locator") }
            let record = try Self.read(handle, at: tail.uint64(at: end - 12), count: 56, fileSize: fileSize)
            guard record.uint32(at: 0) == 0x0606_4B50 else { throw .damaged("a zip64 end record that is not one") }
            count = record.uint64(at: 32)
            directorySize = record.uint64(at: 40)
            directoryOffset = record.uint64(at: 48)
        }
        guard count <= UInt64(maxMembers) else { throw .damaged("more than \(maxMembers) members") }
        guard directorySize <= fileSize, directoryOffset <= fileSize - directorySize else {
            throw .damaged("a central directory outside the file")
        }
        let directory = try Self.read(handle, at: directoryOffset, count: Int(directorySize), fileSize: fileSize)
        var members: [Member] = []
        var at = 0
        for _ in 0..<count {
            guard at + 46 <= directory.count, directory.uint32(at: at) == 0x0201_4B50 else {
                throw .damaged("a central directory entry that is not one (entry \(members.count + 1))")
            }
            let madeBy = directory.uint16(at: at + 4)
            let nameLength = Int(directory.uint16(at: at + 28)), extraLength = Int(directory.uint16(at: at + 30))
            let commentLength = Int(directory.uint16(at: at + 32))
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else { throw .damaged("a central directory entry longer than the directory") }
            let name = Array(directory[(at + 46)..<(at + 46 + nameLength)])
            var member = Member(nameBytes: name, method: directory.uint16(at: at + 10), flags: directory.uint16(at: at + 8),
                                crc: directory.uint32(at: at + 16), compressedSize: UInt64(directory.uint32(at: at + 20)),
                                size: UInt64(directory.uint32(at: at + 24)), localHeaderOffset: UInt64(directory.uint32(at: at + 42)),
                                isLink: false, isDirectory: name.last == UInt8(ascii: "/"))
            let mode = directory.uint32(at: at + 38) >> 16
            if madeBy >> 8 == 3 || madeBy >> 8 == 19 {   // Unix, macOS: the mode is in the high half
                member.isLink = mode & 0o170000 == 0o120000
                member.isDirectory = member.isDirectory || mode & 0o170000 == 0o040000
            }
            Self.applyZip64(Array(directory[(at + 46 + nameLength)..<(at + 46 + nameLength + extraLength)]), to: &member)
            members.append(member)
            at = next
        }
        self.members = members
    }

    /// Unpacks `member` into `output`, counting what it produces against `budget`.
    func extract(_ member: Member, to output: FileHandle, budget: inout UInt64) throws(Failure) {
        guard member.flags & 1 == 0 else { throw .damaged("an encrypted member") }
        let header = try Self.read(handle, at: member.localHeaderOffset, count: 30, fileSize: fileSize)
        guard header.uint32(at: 0) == 0x0403_4B50 else { throw .damaged("a member whose local header is not one") }
        let start = member.localHeaderOffset + 30 + UInt64(header.uint16(at: 26)) + UInt64(header.uint16(at: 28))
        guard start <= fileSize, member.compressedSize <= fileSize - start else {
            throw .damaged("a member whose data runs past the end of the archive")
        }
        var sink = Sink(output: output, budget: budget)
        defer { budget = sink.budget }
        switch member.method {
        case 0: try copy(from: start, count: member.compressedSize, into: &sink)
        case 8: try inflate(from: start, count: member.compressedSize, into: &sink)
        default: throw .damaged("a member compressed with method \(member.method) (only stored and deflate are read)")
        }
        guard sink.crc == member.crc else { throw .damaged("a member whose content does not match its CRC-32") }
    }

    /// Where unpacked bytes go: counted, checksummed, written.
    private struct Sink {
        let output: FileHandle
        var budget: UInt64
        var crc: UInt32 = 0

        mutating func take(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) {
            guard !bytes.isEmpty else { return }
            guard UInt64(bytes.count) <= budget else { throw .overBudget }
            budget -= UInt64(bytes.count)
            crc = UInt32(crc32(uLong(crc), bytes.baseAddress, uInt(bytes.count)))
            do { try output.write(contentsOf: Data(buffer: bytes)) } catch { throw .damaged("cannot write the unpacked member") }
        }
    }

    private static let chunk = 1 << 16

    private func copy(from start: UInt64, count: UInt64, into sink: inout Sink) throws(Failure) {
        var done: UInt64 = 0
        while done < count {
            let piece = try Self.read(handle, at: start + done, count: Int(min(UInt64(Self.chunk), count - done)), fileSize: fileSize)
            try piece.withUnsafeBufferPointer { (bytes) throws(Failure) in try sink.take(bytes) }
            done += UInt64(piece.count)
        }
    }

    private func inflate(from start: UInt64, count: UInt64, into sink: inout Sink) throws(Failure) {
        var stream = z_stream()
        guard mcstat_inflate_init_raw(&stream) == Z_OK else { throw .damaged("cannot start zlib") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Self.chunk)
        var read: UInt64 = 0
        var ended = false
        while !ended {
            guard read < count else { throw .damaged("a member whose compressed data ends before its deflate stream does") }
            var input = try Self.read(handle, at: start + read, count: Int(min(UInt64(Self.chunk), count - read)), fileSize: fileSize)
            read += UInt64(input.count)
            let inputCount = input.count
            try input.withUnsafeMutableBufferPointer { (inputBytes) throws(Failure) in
                stream.next_in = inputBytes.baseAddress
                stream.avail_in = uInt(inputCount)
                repeat {
                    let status = output.withUnsafeMutableBufferPointer { outputBytes in
                        stream.next_out = outputBytes.baseAddress
                        stream.avail_out = uInt(outputBytes.count)
                        return CLibZ.inflate(&stream, Z_NO_FLUSH)
                    }
                    let produced = Self.chunk - Int(stream.avail_out)
                    try output.withUnsafeBufferPointer { (bytes) throws(Failure) in
                        try sink.take(UnsafeBufferPointer(rebasing: bytes[..<produced]))
                    }
                    switch status {
                    case Z_STREAM_END: ended = true
                    case Z_OK: break
                    case Z_BUF_ERROR where produced == 0: return   // needs more input
                    case Z_BUF_ERROR: break
                    default: throw .damaged("a member whose deflate data is corrupt")
                    }
                } while !ended && (stream.avail_in > 0 || stream.avail_out == 0)
            }
        }
    }

    /// `count` bytes at `offset`, or damaged when the file has fewer.
    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int, fileSize: UInt64) throws(Failure) -> [UInt8] {
        guard offset <= fileSize, UInt64(count) <= fileSize - offset else { throw .damaged("an offset past the end of the archive") }
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw Failure.damaged("a short read") }
            return [UInt8](data)
        } catch {
            throw .damaged("cannot read the archive")
        }
    }

    /// The zip64 extra field (id 1) gives the sizes and offset that did not fit in 32 bits.
    private static func applyZip64(_ extra: [UInt8], to member: inout Member) {
        var at = 0
        while at + 4 <= extra.count {
            let id = extra.uint16(at: at), length = Int(extra.uint16(at: at + 2))
            guard at + 4 + length <= extra.count else { return }
            if id == 1 {
                var field = at + 4
                func next() -> UInt64? {
                    guard field + 8 <= at + 4 + length else { return nil }
                    defer { field += 8 }
                    return extra.uint64(at: field)
                }
                if member.size == 0xFFFF_FFFF, let value = next() { member.size = value }
                if member.compressedSize == 0xFFFF_FFFF, let value = next() { member.compressedSize = value }
                if member.localHeaderOffset == 0xFFFF_FFFF, let value = next() { member.localHeaderOffset = value }
                return
            }
            at += 4 + length
        }
    }
}

private extension Array where Element == UInt8 {
    func uint16(at index: Int) -> UInt16 { UInt16(self[index]) | UInt16(self[index + 1]) << 8 }
    func uint32(at index: Int) -> UInt32 { UInt32(uint16(at: index)) | UInt32(uint16(at: index + 2)) << 16 }
    func uint64(at index: Int) -> UInt64 { UInt64(uint32(at: index)) | UInt64(uint32(at: index + 4)) << 32 }
}
