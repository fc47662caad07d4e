import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` (`let buildCommit`) into the executable before every build: the git commit the
/// sources were built from (with `-dirty` when the work tree had changes), or `unknown` outside a
/// git checkout. `tools/build-commit.sh` rewrites the file only when its text changes, so an
/// unchanged commit recompiles nothing, and a new one only the executable's own module.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        return [.prebuildCommand(
            displayName: "Recording the build's git commit",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [context.package.directoryURL.appendingPathComponent("tools/build-commit.sh").path,
                        context.package.directoryURL.path, output.path],
            outputFilesDirectory: output)]
    }
}
