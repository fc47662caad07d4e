import Foundation
import PackagePlugin

/// Writes `EmbeddedFiles.swift` into a module before it is compiled: one string per `.yaml` or
/// `.mustache` file of the module's folder, with the file's bytes as they are
/// (`tools/embed-files.sh`). The program then serves or renders those files without a resource
/// bundle beside the executable (which `/usr/local/bin/mcstat` alone would not have), and they
/// stay files that tools can read (the OpenAPI document, templates).
@main
struct EmbedFilesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let inputs = module.sourceFiles.map(\.url).filter { ["yaml", "mustache"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !inputs.isEmpty else { return [] }
        let script = context.package.directoryURL.appendingPathComponent("tools/embed-files.sh")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedFiles.swift")
        return [.buildCommand(displayName: "Embedding " + inputs.map(\.lastPathComponent).joined(separator: ", "),
                              executable: URL(fileURLWithPath: "/bin/sh"),
                              arguments: [script.path, output.path] + inputs.map(\.path),
                              inputFiles: inputs + [script], outputFiles: [output])]
    }
}
