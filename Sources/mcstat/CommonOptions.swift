internal import ArgumentParser
internal import Logging
import Foundation
internal import MCModel
internal import MCNormalize
internal import MCPipeline
internal import MCStore

/// Options every command that touches the store or the key shares.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The store: a SQLite file's path, or a postgresql:// URL.",
                               discussion: "Default: $MCSTAT_STORE, else mcstat.sqlite in the current directory. Only ingest and run create a SQLite store (mode 0600); runs, rejects and report --hold 0 open it read-only (report with a hold records its release in it).",
                               valueName: "path|url"))
    var store: String?

    @Option(name: .customLong("key-file"),
            help: ArgumentHelp("The pseudonymisation secret (32+ random bytes, mode 0600).",
                               discussion: "Default: $MCSTAT_KEY_FILE, else $XDG_CONFIG_HOME/mcstat/key (~/.config/mcstat/key), created on first use; never beside the store.",
                               valueName: "path"))
    var keyFile: String?

    var storePath: String {
        store ?? ProcessInfo.processInfo.environment["MCSTAT_STORE"] ?? "mcstat.sqlite"
    }

    /// The store `--store` or `MCSTAT_STORE` names: a path or a PostgreSQL URL.
    var location: StoreLocation { StoreLocation(storePath) }

    /// Opens the store read-only for a command that only reads it.
    func openReader() throws -> any PipelineStore {
        do { return try StoreOpener.open(location, access: .read) } catch { throw CommandFailure.store(error) }
    }

    /// What a writing command needs: the key checked first (before any store is created), the
    /// store's writer lock, the store itself bound to the key's fingerprint, and earlier runs
    /// that were killed marked `interrupted`.
    func openWriter(command: String, wait: Double, logger: Logger) throws -> WriterSession {
        do { try StoreOpener.requireSupported(location) } catch { throw CommandFailure.store(error) }
        let key = try loadKey(logger: logger)
        let lock: AnyObject
        do { lock = try StoreOpener.writerLock(location, command: command, wait: wait) } catch {
            if case .storeBusy? = error as? PipelineError { throw CommandFailure(message: "\(error)", exitCode: 5) }
            throw error is StoreError ? CommandFailure.store(error) : CommandFailure.storage(error)
        }
        do {
            let store = try StoreOpener.open(location, access: .write, command: command)
            try checkLegacyKey(store, against: key)
            try store.bindKeyFingerprint(key.fingerprint)
            if let keyer = key.pseudonymizer.recordKeyer { try store.fillRecordKeys(with: keyer) }
            try store.markInterruptedRuns()
            return WriterSession(store: store, pseudonymizer: key.pseudonymizer, lock: lock)
        } catch {
            throw CommandFailure.store(error)
        }
    }

    /// What `report` with a hold needs to record its release: an existing store (a missing one
    /// is a usage error, never created), its writer lock, write access (migrating it). No key.
    func openReleaseWriter(wait: Double) throws -> (store: any PipelineStore, lock: AnyObject) {
        do { try StoreOpener.requireSupported(location) } catch { throw CommandFailure.store(error) }
        if case .file(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure.store(StoreError.missing(path: path))
        }
        let lock: AnyObject
        do { lock = try StoreOpener.writerLock(location, command: "report", wait: wait) } catch {
            if case .storeBusy? = error as? PipelineError { throw CommandFailure(message: "\(error)", exitCode: 5) }
            if error is StoreError { throw CommandFailure.store(error) }
            throw CommandFailure(message: "\(error) (a report with a release hold records its release in the store; --hold 0 only reads it)",
                                 exitCode: 4)
        }
        // A PostgreSQL database without a store is refused (.update), never made into one.
        let access: Store.Access = if case .file = location { .write } else { .update }
        do { return (try StoreOpener.open(location, access: access, command: "report"), lock) } catch { throw CommandFailure.store(error) }
    }

    /// A store filled before fingerprints were recorded was keyed, by the old default, with
    /// `<store>.key` beside it: when that file is there and holds another key, refuse rather than
    /// count every learner twice.
    private func checkLegacyKey(_ store: any PipelineStore, against key: KeyFile.Loaded) throws {
        guard case .file = location else { return }
        let legacy = storePath + ".key"
        guard case (nil, true) = try store.keyFingerprint(),
              let secret = FileManager.default.contents(atPath: legacy),
              KeyFile.fingerprint(of: secret) != key.fingerprint else { return }
        throw CommandFailure.usage("""
            the store \(storePath) was filled before key fingerprints were recorded, with the key beside it (\(legacy)), \
            not with this one: learners would be counted twice. Move \(legacy) out of the store's folder \
            (e.g. to ~/.config/mcstat/key, mode 0600) or name it with --key-file
            """)
    }

    func loadKey(logger: Logger) throws -> KeyFile.Loaded {
        let path = KeyFile.path(explicit: keyFile, environment: ProcessInfo.processInfo.environment)
        do {
            // A PostgreSQL store has no folder for the key to keep out of.
            if case .file(let store) = location { try KeyFile.requireApart(key: path, store: store) }
            return try KeyFile.load(path: path) { logger.notice("\($0)", metadata: ["key_file": .string(path)]) }
        } catch {
            throw CommandFailure.usage("\(error)")
        }
    }
}

/// A writing command's hold on the store: released when the session ends.
struct WriterSession {
    let store: any PipelineStore
    let pseudonymizer: Pseudonymizer
    /// The store's writer lock (a lock file, or a PostgreSQL session holding the advisory lock).
    let lock: AnyObject

    /// The ingest service of this session: its key, the day of the run, progress on a
    /// terminal unless `quiet`.
    func ingestService(quiet: Bool, jobs: Int, today: CalendarDate) -> IngestService {
        IngestService(normalizer: Normalizer(pseudonymizer: pseudonymizer, today: today), progress: ProgressMeter(quiet: quiet), workers: jobs)
    }
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

    @Option(help: ArgumentHelp("The day of the run (YYYY-MM-DD, UTC): an issue date more than one day after it is rejected as in the future.",
                               discussion: "Default: $MCSTAT_TODAY, else today by the clock. Fix it for reproducible runs.",
                               valueName: "date"))
    var today: String?

    func validate() throws {
        if let today, CalendarDate(iso: today) == nil { throw ValidationError("--today takes a date written YYYY-MM-DD, e.g. 2025-04-01") }
    }

    /// The day of the run: `--today`, else `MCSTAT_TODAY`, else the clock's date in UTC.
    func runDay() throws -> CalendarDate {
        try Self.fixedRunDay(today) ?? Normalizer.utcToday()
    }

    /// The day fixed by a `--today` option, else by `MCSTAT_TODAY`; nil when neither is given.
    static func fixedRunDay(_ option: String?) throws -> CalendarDate? {
        guard let text = option ?? ProcessInfo.processInfo.environment["MCSTAT_TODAY"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return nil
        }
        guard let date = CalendarDate(iso: text) else {
            throw CommandFailure.usage("MCSTAT_TODAY must be a date written YYYY-MM-DD, e.g. 2025-04-01, not '\(text)'")
        }
        return date
    }

    /// The profile named on the command line, loaded.
    func loadProfile() throws -> CSVProfile? {
        guard let profile else { return nil }
        do { return try ProfileLoader.load(profile) } catch { throw CommandFailure.usage("\(error)") }
    }
}

/// How many threads check records while one reads them, or compute reports at once.
struct JobsOption: ParsableArguments {
    @Option(help: ArgumentHelp("Threads to use: records checked while another thread reads them, reports computed at once; 0 means one per core, 1 does everything on one thread. The output is the same for any number.",
                               valueName: "n"))
    var jobs: Int = 0

    func validate() throws {
        if jobs < 0 { throw ValidationError("--jobs must be 0 (one per core) or more") }
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
