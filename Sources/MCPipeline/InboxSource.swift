import Foundation
package import MCIngest

/// The folder `mcstat serve` lands submissions in, read by a pipeline source `inbox: DIR`: one
/// folder per awarding body (`DIR/<awarding body>/…`), each imported with that body bound to it,
/// so a record of another body is refused and rejects are attributed to the institution that
/// sent the file. Nothing else in the inbox is read, but every such file is named in a warning
/// (``strays(at:)``): a file at its root, an upload still being written in `.incoming`.
package enum InboxSource {
    /// The file at the inbox root in which `mcstat serve` keeps the inbox's id (which inbox an
    /// upload landed in, for the retention of raw uploads): the service's own, never named.
    package static let identityFileName = ".inbox-id"
    /// The folder in which `mcstat serve` keeps each upload's full validation report: the
    /// service's own, never named.
    package static let validationFolderName = ".validation"

    /// One awarding body's folder and the files in it, sorted.
    package struct Folder: Sendable {
        package var awardingBody: String
        package var files: [Result<InputFile, IngestError>]
    }

    /// The awarding bodies' folders under `root`, sorted by name. A missing inbox holds nothing
    /// (the service creates it on first start).
    package static func folders(at root: String) -> [Folder] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: root) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            let path = (root as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
            // The service writes an awarding body id that is not plain letters and digits as %XX.
            return Folder(awardingBody: name.removingPercentEncoding ?? name, files: InputExpander.files(at: path))
        }
    }

    /// Files in the inbox that no awarding body's folder holds, each with why it was not read:
    /// files at the root and other entries that are no folder, and half-written uploads in the
    /// service's staging folder `.incoming`. Nothing is skipped in silence.
    package static func strays(at root: String) -> [InputFile] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: root) else { return [] }
        var strays: [InputFile] = []
        for name in names.sorted() {
            let path = (root as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if name == identityFileName && !isDirectory.boolValue { continue }
            if name == validationFolderName && isDirectory.boolValue { continue }
            if name == ".incoming" && isDirectory.boolValue {
                for upload in ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted() {
                    strays.append(InputFile(skipped: (path as NSString).appendingPathComponent(upload),
                                            reason: "a half-written upload (still arriving, or cut off); it was not read"))
                }
            } else if !isDirectory.boolValue {
                strays.append(InputFile(skipped: path, reason: "at the inbox root, not in an awarding body's folder (<inbox>/<awarding body>/); it was not read"))
            } else if name.hasPrefix(".") {
                strays.append(InputFile(skipped: path + "/", reason: "a hidden folder in the inbox; it was not read"))
            }
        }
        return strays
    }
}
