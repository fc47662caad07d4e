import Foundation
internal import MCModel

/// Unpacks a `.zip` input into a private temporary directory, within limits, refusing what is
/// unsafe: a member whose path is absolute or climbs out with `..`, a link, and an archive that
/// would unpack to more than ``maxBytes`` or more than ``maxRatio`` times its own size (zip
/// bombs), counted on the bytes actually produced, not on what the archive declares.
enum ZipExpander {
    /// Most members an archive may hold.
    static let maxMembers = 100_000
    /// Most bytes an archive may unpack to.
    static let maxBytes: UInt64 = 4 << 30
    /// Most bytes an archive may unpack to per byte of its own.
    static let maxRatio: UInt64 = 200

    /// Whether a file starts with the zip signature (of a member, or of an empty archive's end).
    static func isZip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head == Data([0x50, 0x4B, 0x03, 0x04]) || head == Data([0x50, 0x4B, 0x05, 0x06])
    }

    /// The members of the archive at `path`: read, skipped with a reason, or refused.
    static func members(of path: String) -> [Result<InputFile, IngestError>] {
        let archive: ZipArchive
        do {
            archive = try ZipArchive(path: path, maxMembers: maxMembers)
        } catch {
            return [.failure(.malformed(path: path, line: nil, reason: "not a readable zip archive: \(error.reason)"))]
        }
        let size = UInt64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??.uint64Value ?? 0)
        var budget = min(maxBytes, maxRatio * max(size, 1))
        let refusal = IngestError.unsafe(path: path, line: nil, reason: budget < maxBytes
            ? "the archive unpacks to more than \(maxRatio) times its own size of \(size) bytes: refused as a zip bomb"
            : "the archive unpacks to more than \(maxBytes >> 30) GiB: refused as a zip bomb")

        var found: [Result<InputFile, IngestError>] = []
        var toRead: [(name: String, member: ZipArchive.Member)] = []
        var declared: UInt64 = 0
        for member in archive.members {
            let name = member.shownName
            let shown = path + "/" + name
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            if name.hasPrefix("/") || name.contains("\\") || parts.first?.contains(":") == true {
                found.append(.failure(.unsafe(path: shown, line: nil, reason: "a member with an absolute path")))
            } else if parts.contains("..") {
                found.append(.failure(.unsafe(path: shown, line: nil, reason: "a member whose path climbs out of the archive (..)")))
            } else if member.isLink {
                found.append(.failure(.unsafe(path: shown, line: nil, reason: "a link: archives are read without links")))
            } else if member.isDirectory {
                continue
            } else if member.utf8Name == nil {
                found.append(.success(InputFile(skipped: shown, reason: "not UTF-8 named: name the file in UTF-8")))
            } else if parts.dropLast().contains(where: { $0.hasPrefix(".") }) || parts.first == "__MACOSX" {
                found.append(.success(InputFile(skipped: shown, reason: "hidden")))
            } else if let reason = InputExpander.skipReason(name: String(parts.last ?? "")) {
                found.append(.success(InputFile(skipped: shown, reason: reason)))
            } else {
                declared += member.size
                guard declared <= budget else { return [.failure(refusal)] }
                toRead.append((name, member))
            }
        }
        if archive.members.isEmpty { return [.failure(.emptyInput(path: path, reason: "the archive holds no files: nothing to read"))] }

        UnpackFolder.clearLeftovers()
        let directory = UnpackFolder.base.appendingPathComponent("\(UnpackFolder.prefix)\(getpid())-\(UUID().uuidString)")
        // Members hold clear learner ids: a folder only this user can enter (0700), files 0600.
        guard mkdir(directory.path, 0o700) == 0 else {
            return [.failure(.unreadable(path: path, reason: "cannot unpack into \(directory.path)"))]
        }
        let holder = ExtractedArchive(directory: directory)
        for (index, entry) in toRead.enumerated() {
            let shown = path + "/" + entry.name
            let target = directory.appendingPathComponent("\(index)")
            let descriptor = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                return [.failure(.unreadable(path: path, reason: "cannot unpack into \(directory.path)"))]
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            do {
                defer { try? handle.close() }
                try archive.extract(entry.member, to: handle, budget: &budget)
            } catch .overBudget {
                return [.failure(refusal)]
            } catch {
                found.append(.failure(.malformed(path: shown, line: nil, reason: error.reason)))
                continue
            }
            TestHook.stop(at: "zip-unpacked")
            if isZip(target.path) {
                found.append(.success(InputFile(skipped: shown, reason: "a nested archive, not unpacked: unpack it or send it on its own")))
            } else {
                found.append(.success(InputFile(path: target.path, displayPath: shown, archive: holder)))
            }
        }
        if !found.contains(where: InputExpander.isRead), !found.contains(where: InputExpander.isFailure) {
            found.append(.failure(.emptyInput(path: path, reason: "the archive holds no export: every member was skipped (see the warnings)")))
        }
        return found.sorted { InputExpander.name($0) < InputExpander.name($1) }
    }
}

extension ZipArchive.Failure {
    /// What to say about it.
    var reason: String {
        switch self {
        case .damaged(let what): what
        case .overBudget: "it unpacks to more than its limit"
        }
    }
}
