import Foundation
internal import MCPipeline

/// The folder the nightly run reads: `<inbox>/<awarding body>/<received-at>-<sha256 prefix>.<ext>`,
/// names chosen here, never by the client. Uploads are staged in `<inbox>/.incoming/` (hidden,
/// so no reader sees a half-written file) and renamed into place, which is atomic.
package struct InboxFolder: Sendable {
    package let root: String
    /// This inbox's id (``identity()``), known once ``prepare()`` ran.
    package private(set) var id: String?

    package init(root: String) {
        self.root = root
    }

    /// Where uploads are written while they arrive.
    package var staging: String { (root as NSString).appendingPathComponent(".incoming") }

    /// Where the full validation reports of landed uploads are kept (hidden: the nightly run
    /// reads no hidden entry).
    package var validationReports: String { (root as NSString).appendingPathComponent(InboxSource.validationFolderName) }

    /// The full validation report of the submission `id`.
    package func validationReport(id: String) -> String {
        (validationReports as NSString).appendingPathComponent(id + ".json")
    }

    /// Creates the inbox with its staging and report folders (all 0700, whatever the umask),
    /// removes staged files a stopped server left, and learns (or makes) the inbox's id.
    package mutating func prepare() throws(ServeError) {
        do {
            for folder in [root, staging, validationReports] { try Self.makePrivateFolder(folder) }
            for leftover in try FileManager.default.contentsOfDirectory(atPath: staging) where leftover.hasSuffix(".part") {
                try FileManager.default.removeItem(atPath: (staging as NSString).appendingPathComponent(leftover))
            }
        } catch {
            throw .inbox(path: root, reason: "\(error.localizedDescription)")
        }
        id = try identity()
    }

    /// The file holding the inbox's id.
    package var identityFile: String { (root as NSString).appendingPathComponent(InboxSource.identityFileName) }

    /// The inbox's id, kept in the inbox itself: every service landing uploads in one shared
    /// folder reads the same id, services with folders of their own have ids of their own, so
    /// that the store can say which inbox holds an upload. Made (16 random bytes as hex) the
    /// first time; two services making it at once agree, since it is linked into place and the
    /// second reads the first's.
    package func identity() throws(ServeError) -> String {
        if let id = Self.readIdentity(identityFile) { return id }
        let candidate = (validationReports as NSString).appendingPathComponent("inbox-id-\(AccessToken.randomHex(bytes: 8)).tmp")
        let made = AccessToken.randomHex(bytes: 16)
        guard FileManager.default.createFile(atPath: candidate, contents: Data((made + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw .inbox(path: candidate, reason: "cannot write the inbox's id") }
        defer { unlink(candidate) }
        if link(candidate, identityFile) != 0 && errno != EEXIST {
            throw .inbox(path: identityFile, reason: "cannot put the inbox's id in place: \(String(cString: strerror(errno)))")
        }
        guard let id = Self.readIdentity(identityFile) else {
            throw .inbox(path: identityFile, reason: "this is not an inbox id written by mcstat serve (32 hexadecimal digits); move it away")
        }
        return id
    }

    /// The id in `path`, when it holds one.
    static func readIdentity(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count == 32 && text.allSatisfy(\.isHexDigit) ? text : nil
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
