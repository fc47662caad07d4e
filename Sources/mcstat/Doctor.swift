internal import ArgumentParser
import Foundation
internal import MCIngest
internal import MCPipeline
internal import MCStore

extension MCStat {
    /// `mcstat doctor`: checks the installation without changing it.
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the key, the store, the libraries and the free disk space, changing nothing.",
            discussion: """
            Creates nothing (no key, no store) and writes nothing. Each line names a check and says \
            ok, or what is wrong and what to do (docs/operators.md explains each).

            Example:
              mcstat doctor --store /var/lib/mcstat/mcstat.sqlite --key-file /etc/mcstat/key

            Exit codes: 0 every check passed; 1 a check found a problem (named on its line).
            """)

        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            var problems = 0
            func line(_ check: String, _ verdict: Result<String, Problem>) {
                switch verdict {
                case .success(let text): print("ok       \(check): \(text)")
                case .failure(let problem): problems += 1; print("PROBLEM  \(check): \(problem.text)")
                }
            }
            let storePath = storeOptions.storePath
            let keyPath = KeyFile.path(explicit: storeOptions.keyFile, environment: ProcessInfo.processInfo.environment)
            line("key", keyVerdict(keyPath, store: storePath))
            let (storeVerdict, health) = storeCheck(storePath, keyPath: keyPath)
            line("store", storeVerdict)
            // A PostgreSQL store's health names its server ("PostgreSQL 15.10").
            let engine: [(name: String, version: String)] = if case .file = storeOptions.location {
                health.map { [("SQLite", $0.sqliteVersion)] } ?? []
            } else {
                health.map { [("server", $0.sqliteVersion)] } ?? []
            }
            let libraries = LibraryVersions.all + engine
            line("libraries", .success(libraries.map { "\($0.name) \($0.version)" }.joined(separator: ", ")))
            if case .file = storeOptions.location {
                let storeFolder = (storePath as NSString).deletingLastPathComponent
                line("disk (store folder)", diskVerdict(storeFolder.isEmpty ? "." : storeFolder))
            }
            line("disk (temporary folder)", diskVerdict(ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"))
            if problems > 0 { throw ExitCode(1) }
        }

        struct Problem: Error { var text: String }

        func keyVerdict(_ path: String, store: String) -> Result<String, Problem> {
            do {
                // A PostgreSQL store has no folder for the key to keep out of.
                if case .file = StoreLocation(store) { try KeyFile.requireApart(key: path, store: store) }
                guard let loaded = try KeyFile.loadExisting(path: path) else {
                    return .failure(Problem(text: "\(path) does not exist; the first ingest or run creates it (32 random bytes, mode 0600), or name yours with --key-file or MCSTAT_KEY_FILE"))
                }
                return .success("\(path) (fingerprint \(loaded.fingerprint), not in the store's folder, mode ok)")
            } catch {
                return .failure(Problem(text: "\(error)"))
            }
        }

        func storeCheck(_ path: String, keyPath: String) -> (Result<String, Problem>, StoreHealth?) {
            do { try StoreOpener.requireSupported(StoreLocation(path)) } catch { return (.failure(Problem(text: "\(error)")), nil) }
            let location = StoreLocation(path)
            if case .file = location, !FileManager.default.fileExists(atPath: path) {
                return (.failure(Problem(text: "\(path) does not exist; ingest or run creates it (name another with --store or MCSTAT_STORE)")), nil)
            }
            do {
                let store = try StoreOpener.open(location, access: .read, command: "doctor")
                let health = try store.health()
                // Opening for reading already refused a damaged store and an older or newer schema.
                let checked = if case .file = location { "SQLite quick check ok" } else { "connected" }
                let text = "\(store.path): \(checked), schema up to date (\(health.migrations) migrations), "
                    + "\(health.credentials) credentials (\(health.versions) versions), \(health.quarantined) quarantined, \(health.runs) runs"
                let (stored, _) = try store.keyFingerprint()
                if let stored, let key = try? KeyFile.loadExisting(path: keyPath), stored != key.fingerprint {
                    return (.failure(Problem(text: "\(path) was filled with the key of fingerprint \(stored), not with \(keyPath) (\(key.fingerprint)): an ingest would be refused")), health)
                }
                return (.success(text), health)
            } catch {
                return (.failure(Problem(text: "\(error)")), nil)
            }
        }

        func diskVerdict(_ folder: String) -> Result<String, Problem> {
            var info = statvfs()
            guard statvfs(folder, &info) == 0 else { return .failure(Problem(text: "\(folder): \(String(cString: strerror(errno)))")) }
            let free = Int64(info.f_bavail) * Int64(info.f_frsize)
            let text = "\(folder): \(free / 1_000_000) MB free"
            return free < 1_000_000_000 ? .failure(Problem(text: text + "; less than 1 GB left for the store, its versions and the report sets")) : .success(text)
        }
    }
}
