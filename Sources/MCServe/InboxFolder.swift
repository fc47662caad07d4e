import Foundation

/// The folder the nightly run reads: `<inbox>/<awarding body>/<received-at>-<sha256 prefix>.<ext>`,
/// names chosen here, never by the client. Uploads are staged in `<inbox>/.incoming/` (hidden,
/// so no reader sees a half-written file) and renamed into place, which is atomic.
package struct InboxFolder: Sendable {
    package let root: String

    package init(root: String) {
        self.root = root
    }

    /// Where uploads are written while they arrive.
    package var staging: String { (root as NSString).appendingPathComponent(".incoming") }

    /// Where the full validation reports of landed uploads are kept (hidden: the nightly run
    /// reads no hidden entry).
    package var validationReports: String { (root as NSString).appendingPathComponent(".validation") }

    /// The full validation report of the submission `id`.
    package func validationReport(id: String) -> String {
        (validationReports as NSString).appendingPathComponent(id + ".json")
    }

    /// Creates the inbox with its staging and report folders (all 0700, whatever the umask), and
    /// removes staged files a stopped server left.
    package func prepare() throws(ServeError) {
        do {
            for folder in [root, staging, validationReports] { try Self.makePrivateFolder(folder) }
            for leftover in try FileManager.default.contentsOfDirectory(atPath: staging) where leftover.hasSuffix(".part") {
                try FileManager.default.removeItem(atPath: (staging as NSString).appendingPathComponent(leftover))
            }
        } catch {
            throw .inbox(path: root, reason: "\(error.localizedDescription)")
        }
    }

    /// The name, relative to the inbox, of a file received at `date` with these bytes.
    package func name(awardingBody: String, receivedAt date: Date, sha256: String, fileExtension: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "\(Self.folderName(awardingBody: awardingBody))/\(formatter.string(from: date))-\(sha256.prefix(16)).\(fileExtension)"
    }

    /// An awarding body's folder: its id with every byte other than letters, digits, `-`, `_`
    /// and a `.` that does not come first written as `%XX`, so that `/`, spaces or a leading
    /// dot never make another path; a pipeline source `inbox:` decodes it back.
    package static func folderName(awardingBody: String) -> String {
        var name = ""
        for byte in awardingBody.utf8 {
            let plain = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || (byte == 0x2E && !name.isEmpty)
            name += plain ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return name
    }

    /// Moves a staged upload to `name` (relative to the inbox) in one rename.
    package func land(_ upload: StagedUpload, as name: String) throws(ServeError) {
        let target = (root as NSString).appendingPathComponent(name)
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try Self.makePrivateFolder(folder)
        } catch {
            throw .inbox(path: folder, reason: "\(error.localizedDescription)")
        }
        guard rename(upload.path, target) == 0 else {
            throw .inbox(path: target, reason: "cannot move the upload into place: \(String(cString: strerror(errno)))")
        }
    }

    /// Creates `folder` (and missing parents) and makes it 0700, whatever the umask.
    static func makePrivateFolder(_ folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard chmod(folder, 0o700) == 0 else {
            throw ServeError.inbox(path: folder, reason: "cannot make the folder private: \(String(cString: strerror(errno)))")
        }
    }
}
