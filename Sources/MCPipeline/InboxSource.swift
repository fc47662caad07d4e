import Foundation
import MCIngest

/// The folder `mcstat serve` lands submissions in, read by a pipeline source `inbox: DIR`: one
/// folder per awarding body (`DIR/<awarding body>/…`), each imported with that body bound to it,
/// so a record of another body is refused and rejects are attributed to the institution that
/// sent the file. Hidden entries (the service's `.incoming` staging folder) are never read.
public enum InboxSource {
    /// One awarding body's folder and the files in it, sorted.
    public struct Folder: Sendable {
        public var awardingBody: String
        public var files: [Result<InputFile, IngestError>]
    }

    /// The awarding bodies' folders under `root`, sorted by name. A missing inbox holds nothing
    /// (the service creates it on first start).
    public static func folders(at root: String) -> [Folder] {
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
}
