import Foundation

/// One file to read: where its bytes are, and the name to show and record (for a member of an
/// archive, `archive.zip/member.json`). Holds its extracted archive alive while in use.
///
/// A member of a folder or archive that is not read (hidden, not an export, not UTF-8 named, a
/// nested archive) is still an `InputFile`, with ``skipReason`` saying why, so that it is named
/// in a file-level warning instead of dropped in silence.
package struct InputFile: Sendable {
    /// Where to read the bytes.
    package let path: String
    /// The name reports and the store use.
    package let displayPath: String
    /// Why this member of a folder or archive is not read; nil when it is.
    package let skipReason: String?
    let archive: ExtractedArchive?

    package init(path: String, displayPath: String? = nil) {
        self.path = path
        self.displayPath = displayPath ?? path
        skipReason = nil
        archive = nil
    }

    init(path: String, displayPath: String, archive: ExtractedArchive) {
        self.path = path
        self.displayPath = displayPath
        skipReason = nil
        self.archive = archive
    }

    /// A file that is named but not read, for `reason`.
    package init(skipped displayPath: String, reason: String) {
        path = displayPath
        self.displayPath = displayPath
        skipReason = reason
        archive = nil
    }
}

/// A `.zip` unpacked into a private temporary directory, removed when the last file of it is done.
final class ExtractedArchive: Sendable {
    let directory: URL

    init(directory: URL) { self.directory = directory }

    deinit { try? FileManager.default.removeItem(at: directory) }
}
