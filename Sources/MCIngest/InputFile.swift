import Foundation
import ZIPFoundation

/// One file to read: where its bytes are, and the name to show and record (for a member of an
/// archive, `archive.zip/member.json`). Holds its extracted archive alive while in use.
public struct InputFile: Sendable {
    /// Where to read the bytes.
    public let path: String
    /// The name reports and the store use.
    public let displayPath: String
    let archive: ExtractedArchive?

    public init(path: String, displayPath: String? = nil) {
        self.path = path
        self.displayPath = displayPath ?? path
        archive = nil
    }

    init(path: String, displayPath: String, archive: ExtractedArchive) {
        self.path = path
        self.displayPath = displayPath
        self.archive = archive
    }
}

/// A `.zip` unpacked into a private temporary directory, removed when the last file of it is done.
final class ExtractedArchive: Sendable {
    let directory: URL

    init(directory: URL) { self.directory = directory }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

/// Turns command-line inputs into files: a file as is, a directory's regular files (recursively,
/// sorted), a `.zip` archive's members (recognised by its signature, unpacked safely).
public enum InputExpander {
    /// Most members and bytes an archive may unpack to (zip bombs stop there).
    public static let maxArchiveMembers = 100_000
    public static let maxArchiveBytes: UInt64 = 8 << 30

    /// The files under `path`. A path that does not exist is returned as is, so that reading it
    /// reports the error; an archive that cannot be unpacked becomes an ``IngestError``.
    public static func files(at path: String) -> [Result<InputFile, IngestError>] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [.success(InputFile(path: path))] }
        if !isDirectory.boolValue {
            return isZip(path) ? unzip(path) : [.success(InputFile(path: path))]
        }
        return regularFiles(under: path).flatMap { file in
            isZip(file) ? unzip(file) : [.success(InputFile(path: file))]
        }
    }

    /// Regular, non-hidden files below a directory, sorted by path.
    static func regularFiles(under path: String) -> [String] {
        let base = URL(fileURLWithPath: path)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        var found: [String] = []
        let prefix = path.hasSuffix("/") ? path : path + "/"
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            found.append(prefix + url.path.dropFirst(base.path.count + 1))
        }
        return found.sorted()
    }

    /// Whether a file starts with the zip signature.
    static func isZip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data([0x50, 0x4B, 0x03, 0x04])
    }

    /// The members of an archive, unpacked into a temporary directory.
    static func unzip(_ path: String) -> [Result<InputFile, IngestError>] {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            return [.failure(.malformed(path: path, line: nil, reason: "not a readable zip archive: \(error)"))]
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcstat-zip-\(UUID().uuidString)")
        let holder = ExtractedArchive(directory: directory)
        var members: [(String, URL)] = []
        var total: UInt64 = 0
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for entry in archive where entry.type == .file {
                let name = entry.path
                let parts = name.split(separator: "/")
                if name.hasPrefix("/") || parts.contains("..") || parts.contains(where: { $0.hasPrefix(".") }) || name.hasPrefix("__MACOSX") { continue }
                total += entry.uncompressedSize
                guard members.count < maxArchiveMembers, total <= maxArchiveBytes else {
                    return [.failure(.unsafe(path: path, line: nil, reason: "the archive unpacks to more than \(maxArchiveMembers) files or \(maxArchiveBytes >> 30) GiB"))]
                }
                let target = directory.appendingPathComponent("\(members.count)-" + parts.joined(separator: "_"))
                _ = try archive.extract(entry, to: target)
                members.append((name, target))
            }
        } catch {
            return [.failure(.malformed(path: path, line: nil, reason: "cannot unpack the zip archive: \(error)"))]
        }
        return members.sorted { $0.0 < $1.0 }.map { name, url in
            .success(InputFile(path: url.path, displayPath: path + "/" + name, archive: holder))
        }
    }
}
