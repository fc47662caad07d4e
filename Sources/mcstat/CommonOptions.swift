import ArgumentParser
import Foundation
import MCModel
import MCNormalize
import MCPipeline
import MCStore

/// Options every command that touches the store or the key shares.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The SQLite store (created with its schema on first use).",
                               discussion: "Default: $MCSTAT_STORE, else mcstat.sqlite in the current directory.",
                               valueName: "path"))
    var store: String?

    @Option(name: .customLong("key-file"),
            help: ArgumentHelp("The pseudonymisation secret (32+ random bytes).",
                               discussion: "Default: $MCSTAT_KEY_FILE, else <store>.key, created with mode 0600 on first use. Keep it apart from the store.",
                               valueName: "path"))
    var keyFile: String?

    var storePath: String {
        store ?? ProcessInfo.processInfo.environment["MCSTAT_STORE"] ?? "mcstat.sqlite"
    }

    func openStore() throws -> Store {
        do { return try Store(path: storePath) } catch { throw CommandFailure.storage(error) }
    }

    func pseudonymizer() throws -> Pseudonymizer {
        let path = KeyFile.path(explicit: keyFile, store: storePath, environment: ProcessInfo.processInfo.environment)
        do {
            return try KeyFile.load(path: path) { FileHandle.standardError.write(Data("mcstat: warning: \($0)\n".utf8)) }
        } catch {
            throw CommandFailure.usage("\(error)")
        }
    }
}

/// Options for commands that read input files.
struct InputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A YAML mapping profile for a CSV layout other than the canonical one.",
                               discussion: "A path, or a name looked up as pipelines/profiles/<name>.yml.",
                               valueName: "name|path"))
    var profile: String?

    @Flag(help: "Do not show progress on the terminal.")
    var quiet = false

    /// The profile named on the command line, loaded.
    func loadProfile() throws -> CSVProfile? {
        guard let profile else { return nil }
        do { return try ProfileLoader.load(profile) } catch { throw CommandFailure.usage("\(error)") }
    }
}

/// `text` for people, `json` for machines.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Writes `text` to `path`, or to stdout when nil.
func emit(_ text: String, to path: String?) throws {
    if let path {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
            throw CommandFailure(message: "cannot write \(path): \(error.localizedDescription)", exitCode: 4)
        }
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
