internal import ArgumentParser
import Foundation
internal import MCPipeline
internal import MCStore

extension MCStat {
    /// `mcstat store`: the store as a whole.
    struct StoreGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store",
            abstract: "Work on a store as a whole (copy it between SQLite and PostgreSQL).",
            subcommands: [StoreCopyCommand.self])
    }

    /// `mcstat store copy FROM TO`: a store into a new store of either kind (cli.md, "Stores").
    struct StoreCopyCommand: LoggingCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy a store into a new, empty store of either kind: SQLite to PostgreSQL, back, or alike.",
            discussion: """
            Every table is copied: the credentials with every version, the quarantine, the runs, the imports, the \
            releases with their groups (so a release hold goes on as before), the record keys, the key fingerprint \
            (the copy refuses another key, as the original does), the accounts, submissions and receipts, and \
            serve's sign-in state (page sessions, sign-in nonces and failure counts: signed-in browsers stay signed \
            in). A file imported before is recognised in the copy: a later run skips it.

            FROM and TO are each a SQLite file's path or a postgresql:// URL (the password from PGPASSWORD or \
            ~/.pgpass). FROM is read in one snapshot and must have this mcstat's schema (an older store: run ingest \
            or run on it once). TO must be empty: a missing SQLite file (created, mode 0600), a store without rows, \
            or an empty PostgreSQL database; the copy holds TO's writer lock and writes in one transaction, so an \
            interrupted copy leaves TO empty. The rows of every table are counted on both sides before TO commits; \
            the counts are printed, and any difference keeps nothing (exit 4).

            Examples (moving from SQLite to PostgreSQL; stop the nightly run and serve first):
              mcstat store copy mcstat.sqlite 'postgresql://mcstat@db.example/mcstat?sslmode=verify-full'
              mcstat store copy postgresql://mcstat@db.example/mcstat back.sqlite

            Exit codes: 0 copied, every count equal; 2 usage error (FROM missing, TO not empty, FROM and TO the same \
            store); 4 a store could not be read or written, is damaged, older or newer than this mcstat, or a count \
            differs; 5 another writer holds TO (see --wait).
            """)

        @OptionGroup var log: LogOptions

        @Argument(help: ArgumentHelp("The store to copy: a SQLite file's path or a postgresql:// URL.", valueName: "from"))
        var from: String

        @Argument(help: ArgumentHelp("The new store: a SQLite file's path (created) or the URL of an empty PostgreSQL database.",
                                     valueName: "to"))
        var to: String

        @OptionGroup var writer: WriterOptions

        @Option(help: "text (for people) or json (for machines).")
        var format: OutputFormat = .text

        func run() throws {
            let source = StoreLocation(from), target = StoreLocation(to)
            do {
                try StoreOpener.requireSupported(source)
                try StoreOpener.requireSupported(target)
            } catch { throw CommandFailure.store(error) }
            if Self.same(source, target) {
                throw CommandFailure.usage("FROM and TO are the same store (\(source.description)): copy into a new store")
            }
            let reader: any PipelineStore
            do { reader = try StoreOpener.open(source, access: .read, command: "store copy") } catch { throw CommandFailure.store(error) }
            let lock: AnyObject
            do { lock = try StoreOpener.writerLock(target, command: "store copy", wait: writer.wait) } catch {
                if case .storeBusy? = error as? PipelineError { throw CommandFailure(message: "\(error)", exitCode: 5) }
                throw error is StoreError ? CommandFailure.store(error) : CommandFailure.storage(error)
            }
            let counts: [StoreCopy.TableCount]
            do {
                let copy = try StoreOpener.open(target, access: .write, command: "store copy")
                counts = try StoreCopy.copy(from: reader, to: copy)
            } catch { throw CommandFailure.store(error) }
            withExtendedLifetime(lock) {}
            print(try Self.render(counts, from: source.description, to: target.description, format: format), terminator: "")
        }

        /// Whether two locations name the same store: the same file, or the same URL.
        static func same(_ first: StoreLocation, _ second: StoreLocation) -> Bool {
            switch (first, second) {
            case (.file(let a), .file(let b)):
                func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
                return resolved(a) == resolved(b)
            case (.postgres(let a), .postgres(let b)): return a == b
            default: return false
            }
        }

        /// The counts per table, as text (a line per table) or JSON.
        static func render(_ counts: [StoreCopy.TableCount], from: String, to: String, format: OutputFormat) throws -> String {
            if format == .json {
                struct Copied: Encodable {
                    let from: String, to: String, tables: [Table]
                    struct Table: Encodable { let table: String, from: Int, to: Int }
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let copied = Copied(from: from, to: to, tables: counts.map { .init(table: $0.table, from: $0.source, to: $0.target) })
                return String(decoding: try encoder.encode(copied), as: UTF8.self) + "\n"
            }
            let width = max(counts.map(\.table.count).max() ?? 0, "table".count)
            let numbers = max(counts.map { max("\($0.source)".count, "\($0.target)".count) }.max() ?? 0, 4)
            func line(_ table: String, _ a: String, _ b: String) -> String {
                table.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + String(repeating: " ", count: numbers - a.count) + a + "  " + String(repeating: " ", count: numbers - b.count) + b
            }
            var lines = ["copied \(from) into \(to)", line("table", "from", "to")]
            lines += counts.map { line($0.table, "\($0.source)", "\($0.target)") }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
