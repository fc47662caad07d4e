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
    /// removes staged files a stopped server left, and learns (or makes, or gets back) the
    /// inbox's id: see ``identity(adopting:keptUploads:)``.
    package mutating func prepare(adopting adopted: String? = nil,
                                  keptUploads: () throws(ServeError) -> [(file: String, inbox: String)] = { [] }) throws(ServeError) {
        do {
            for folder in [root, staging, validationReports] { try Self.makePrivateFolder(folder) }
            for leftover in try FileManager.default.contentsOfDirectory(atPath: staging) where leftover.hasSuffix(".part") {
                try FileManager.default.removeItem(atPath: (staging as NSString).appendingPathComponent(leftover))
            }
        } catch {
            throw .inbox(path: root, reason: "\(error.localizedDescription)")
        }
        let found = try identity(adopting: adopted, keptUploads: keptUploads)
        id = found.id
        origin = found.origin
    }

    /// How the inbox got its id at ``prepare(adopting:keptUploads:)``.
    package enum IdentityOrigin: Equatable, Sendable {
        /// Read from `.inbox-id`.
        case kept
        /// Made now: a new inbox. `elsewhere` counts the uploads still kept in other inboxes,
        /// by their ids (one of them may have been this inbox, recreated empty).
        case made(elsewhere: [String: Int])
        /// `.inbox-id` was missing, but the inbox holds `uploads` uploads that the store records
        /// as landed in the inbox of this id: the id was put back.
        case recovered(uploads: Int)
        /// Given by `--adopt-inbox`.
        case adopted
    }

    /// How the id was found, known once ``prepare(adopting:keptUploads:)`` ran.
    package private(set) var origin: IdentityOrigin?

    /// What an operator should hear at start-up about the inbox's id, when anything.
    package var identityNotice: String? {
        guard let id, let origin else { return nil }
        switch origin {
        case .kept: return nil
        case .made(let elsewhere) where elsewhere.isEmpty: return nil
        case .made(let elsewhere):
            let count = elsewhere.values.reduce(0, +)
            let ids = elsewhere.keys.sorted().joined(separator: ", ")
            return "inbox \(root) is new (id \(id)); the store keeps \(Self.uploads(count, "raw upload")) landed in other inboxes (\(ids)): "
                + "if this folder was one of them, recreated empty, stop and start once with --adopt-inbox ID so that the retention marks them deleted"
        case .recovered(let uploads):
            return "inbox \(root) had lost its \(InboxSource.identityFileName); it holds \(Self.uploads(uploads, "upload")) that the store records as landed "
                + "in inbox \(id): that id was put back"
        case .adopted:
            return "inbox \(root) takes the id \(id) (--adopt-inbox)"
        }
    }

    /// `count` and `noun`, plural unless one.
    private static func uploads(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    /// The file holding the inbox's id.
    package var identityFile: String { (root as NSString).appendingPathComponent(InboxSource.identityFileName) }

    /// The inbox's id, kept in the inbox itself: every service landing uploads in one shared
    /// folder reads the same id, services with folders of their own have ids of their own, so
    /// that the store can say which inbox holds an upload.
    ///
    /// When `.inbox-id` is missing, an inbox holding uploads that the store records as landed in
    /// one inbox gets that inbox's id back (a new id would leave them to no service's retention);
    /// uploads of several inboxes are refused (``ServeError/inboxIdentity(path:reason:)``), as is
    /// `adopted` naming another id than the inbox's. `adopted` is the id to take when the file is
    /// missing (an inbox recreated empty, its uploads' rows still waiting for the retention).
    /// Otherwise a new id is made (16 random bytes as hex). Two services writing the id at once
    /// agree, since it is linked into place and the second reads the first's.
    package func identity(adopting adopted: String? = nil,
                          keptUploads: () throws(ServeError) -> [(file: String, inbox: String)] = { [] })
        throws(ServeError) -> (id: String, origin: IdentityOrigin) {
        if let id = Self.readIdentity(identityFile) {
            if let adopted, adopted != id {
                throw .inboxIdentity(path: root, reason: "--adopt-inbox \(adopted): this inbox has the id \(id) already (\(identityFile)); "
                                     + "leave --adopt-inbox out, or move the inbox aside if it is not the one meant")
            }
            return (id, .kept)
        }
        if FileManager.default.fileExists(atPath: identityFile) {
            throw .inbox(path: identityFile, reason: "this is not an inbox id written by mcstat serve (32 hexadecimal digits); move it away")
        }
        if let adopted { return (try install(adopted), .adopted) }
        var here: [String: Int] = [:]
        var elsewhere: [String: Int] = [:]
        for upload in try keptUploads() {
            if FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(upload.file)) {
                here[upload.inbox, default: 0] += 1
            } else {
                elsewhere[upload.inbox, default: 0] += 1
            }
        }
        if here.isEmpty { return (try install(AccessToken.randomHex(bytes: 16)), .made(elsewhere: elsewhere)) }
        if here.count == 1, let only = here.first { return (try install(only.key), .recovered(uploads: only.value)) }
        do {
            let named = here.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            throw .inboxIdentity(path: root, reason: """
                \(InboxSource.identityFileName) is missing, and the inbox holds uploads that the store records as landed in \
                \(here.count) inboxes: \(named). Put the id of the inbox this folder is back into \(identityFile) \
                (32 hexadecimal digits), or start once with --adopt-inbox ID; the uploads of the other inbox belong in its own folder
                """)
        }
    }

    /// Writes `id` as the inbox's id unless another service wrote one first; returns the id in
    /// place.
    private func install(_ id: String) throws(ServeError) -> String {
        let candidate = (validationReports as NSString).appendingPathComponent("inbox-id-\(AccessToken.randomHex(bytes: 8)).tmp")
        guard FileManager.default.createFile(atPath: candidate, contents: Data((id + "\n").utf8), attributes: [.posixPermissions: 0o600])
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

    /// Whether `text` is an inbox id: 32 hexadecimal digits.
    package static func isIdentity(_ text: String) -> Bool {
        text.count == 32 && text.allSatisfy(\.isHexDigit)
    }

    /// The id in `path`, when it holds one.
    static func readIdentity(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return isIdentity(text) ? text : nil
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
