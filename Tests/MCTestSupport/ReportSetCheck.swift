import Foundation

/// An independent check of a published report folder: `manifest.json` is there, every file it
/// lists is there with the SHA-256 of its bytes on disk (computed by `sha256sum`, not by the
/// code under test), and the folder holds nothing else.
package enum ReportSetCheck {
    /// What is wrong with the set in `folder`; empty when it is one complete set.
    package static func problems(in folder: String) throws -> [String] {
        let manifestPath = folder + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else { return ["no manifest.json in \(folder)"] }
        guard let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return ["manifest.json is not complete JSON"]
        }
        var listed: [(name: String, sha256: String)] = []
        let reports = manifest["reports"] as? [[String: Any]] ?? []
        for entry in reports.flatMap({ $0["files"] as? [[String: String]] ?? [] }) + (manifest["other_files"] as? [[String: String]] ?? []) {
            guard let path = entry["path"], let sha = entry["sha256"] else { return ["a manifest entry lacks path or sha256"] }
            listed.append(((path as NSString).lastPathComponent, sha))
        }
        var problems: [String] = []
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: folder)).subtracting(["manifest.json"])
        if present != Set(listed.map(\.name)) {
            problems.append("files \(present.sorted()) but the manifest lists \(listed.map(\.name).sorted())")
        }
        let existing = listed.filter { present.contains($0.name) }
        guard !existing.isEmpty else { return problems + ["the manifest lists no file"] }
        let output = try ProcessRunner.output("/usr/bin/sha256sum", existing.map { folder + "/" + $0.name })
        var onDisk: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            onDisk[(String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: " *")) as NSString).lastPathComponent] = String(parts[0])
        }
        for file in existing where onDisk[file.name] != file.sha256 {
            problems.append("\(file.name): manifest says \(file.sha256), the bytes on disk hash to \(onDisk[file.name] ?? "?")")
        }
        return problems
    }
}
