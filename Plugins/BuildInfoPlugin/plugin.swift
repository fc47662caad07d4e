import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` (`let buildCommit`) into the executable: the git commit the sources
/// were built from (with `-dirty` when the work tree had changes), or `unknown` outside a git
/// checkout.
///
/// A build command, not a prebuild command: SwiftPM runs prebuild commands only when it plans the
/// build again, so an incremental build after a commit kept the commit before. This command runs
/// whenever one of its inputs is newer than the file it writes: git's record of `HEAD` (every
/// commit, checkout and reset appends to `logs/HEAD`), its index, and every source file of the
/// package with `Package.swift` (for `-dirty`). `tools/build-commit.sh` rewrites the file only when
/// its text changes, so an unchanged commit recompiles nothing, and a new one only the
/// executable's own module.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let script = root.appendingPathComponent("tools/build-commit.sh")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated/BuildCommit.swift")
        let sources = context.package.targets.compactMap { $0 as? SourceModuleTarget }
            .flatMap { $0.sourceFiles.map(\.url) }
        let inputs = Self.gitStateFiles(root: root) + sources + [root.appendingPathComponent("Package.swift"), script]
        return [.buildCommand(
            displayName: "Recording the build's git commit",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [script.path, root.path, output.deletingLastPathComponent().path],
            inputFiles: inputs,
            outputFiles: [output])]
    }

    /// The files git changes when `HEAD` moves or the index changes: in the repository's git
    /// folder (`.git`, or the folder a worktree's `.git` file names). None outside a checkout.
    static func gitStateFiles(root: URL) -> [URL] {
        let dotGit = root.appendingPathComponent(".git")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isFolder) else { return [] }
        var gitFolder = dotGit
        if !isFolder.boolValue {
            // A worktree: `.git` is a file saying `gitdir: <path>`.
            guard let text = try? String(contentsOf: dotGit, encoding: .utf8),
                  let line = text.split(separator: "\n").first, line.hasPrefix("gitdir: ") else { return [] }
            let path = String(line.dropFirst("gitdir: ".count))
            gitFolder = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        }
        return ["HEAD", "index", "logs/HEAD", "packed-refs"].map { gitFolder.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }
}
