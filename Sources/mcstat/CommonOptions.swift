import ArgumentParser
import Logging
import Foundation
import MCModel
import MCNormalize
import MCPipeline
import MCStore

/// Options every command that touches the store or the key shares.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The SQLite store.",
                               discussion: "Default: $MCSTAT_STORE, else mcstat.sqlite in the current directory. Only ingest and run create it (mode 0600); report, runs and rejects open it read-only.",
                               valueName: "path"))
    var store: String?

    @Option(name: .customLong("key-file"),
            help: ArgumentHelp("The pseudonymisation secret (32+ random bytes, mode 0600).",
                               discussion: "Default: $MCSTAT_KEY_FILE, else $XDG_CONFIG_HOME/mcstat/key (~/.config/mcstat/key), created on first use; never beside the store.",
                               valueName: "path"))
    var keyFile: String?

    var storePath: String {
        store ?? ProcessInfo.processInfo.environment["MCSTAT_STORE"] ?? "mcstat.sqlite"
    }

    /// Opens the store read-only for a command that only reads it.
    func openReader() throws -> Store {
        do { return try Store(path: storePath, access: .read) } catch { throw CommandFailure.store(error) }
    }

    /// What a writing command needs: the key checked first (before any store is created), the
    /// store's writer lock, the store itself bound to the key's fingerprint, and earlier runs
    /// that were killed marked `interrupted`.
    func openWriter(command: String, wait: Double, logger: Logger) throws -> WriterSession {
        let key = try loadKey(logger: logger)
        let lock: WriterLock
        do { lock = try WriterLock(store: storePath, command: command, wait: wait) } catch {
            if case .storeBusy = error { throw CommandFailure(message: "\(error)", exitCode: 5) }
            throw CommandFailure.storage(error)
        }
        do {
            let store = try Store(path: storePath, access: .write)
            try store.bindKeyFingerprint(key.fingerprint)
            try store.markInterruptedRuns()
            return WriterSession(store: store, pseudonymizer: key.pseudonymizer, lock: lock)
        } catch {
            throw CommandFailure.store(error)
        }
    }

    func loadKey(logger: Logger) throws -> KeyFile.Loaded {
        let path = KeyFile.path(explicit: keyFile, environment: ProcessInfo.processInfo.environment)
        do {
            return try KeyFile.load(path: path) { logger.notice("\($0)", metadata: ["key_file": .string(path)]) }
        } catch {
            throw CommandFailure.usage("\(error)")
        }
    }
}

/// A writing command's hold on the store: released when the session ends.
struct WriterSession {
    let store: Store
    let pseudonymizer: Pseudonymizer
    let lock: WriterLock
}

/// Options of the commands that write the store.
struct WriterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("When another writer holds the store, wait up to this many seconds for it (default: refuse at once, exit 5).",
                               valueName: "seconds"))
    var wait: Double = 0

    func validate() throws {
        if !(wait >= 0 && wait.isFinite) { throw ValidationError("--wait takes a number of seconds, 0 or more") }
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

extension FilesSummary {
    /// Pretty JSON with sorted keys: the same input gives the same bytes.
    func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// The human-readable report.
    func text(verbose: Bool = true) -> String {
        var out = ""
        for file in files {
            if file.skipped == true {
                out += "\(file.path): skipped (already imported, same SHA-256)\n"
                continue
            }
            if let fatal = file.fatal {
                out += "\(file.path): cannot be read: \(fatal.message)\n"
                continue
            }
            let stale = file.stale.flatMap { $0 > 0 ? ", \($0) stale" : nil } ?? ""
            out += "\(file.path) (\(file.format ?? "?")): \(file.read) read, \(file.accepted) accepted, \(file.rejected) rejected, \(file.warnings) warnings\(stale)\n"
            // Stale records are named even in the short form: they are the ones an operator must see.
            for issue in file.issues where verbose || issue.code == .staleVersion {
                var place: [String] = []
                if let record = issue.record { place.append("record \(record)") }
                if let line = issue.line { place.append("line \(line)") }
                if let pointer = issue.pointer { place.append(pointer) }
                let element = issue.element.map { "\($0)" + (issue.field.map { " (\($0))" } ?? "") }
                out += "  \(place.isEmpty ? "file" : place.joined(separator: ", ")): \(issue.severity.rawValue) \(issue.code.rawValue)"
                out += element.map { " — \($0)" } ?? ""
                out += ": \(issue.message)\n"
                if let hint = issue.hint { out += "      fix: \(hint)\n" }
            }
        }
        let stale = totals.stale.flatMap { $0 > 0 ? ", \($0) stale" : nil } ?? ""
        out += "total: \(totals.read) read, \(totals.accepted) accepted, \(totals.rejected) rejected, \(totals.warnings) warnings\(stale)\n"
        return out
    }
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
