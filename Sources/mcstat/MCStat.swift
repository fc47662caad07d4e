internal import ArgumentParser
import Foundation
internal import MCModel
internal import MCServe
internal import MCStore

/// The `mcstat` command: national statistics on micro-credentials from institution exports.
@main
struct MCStat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcstat",
        abstract: "National statistics on micro-credentials from institution exports (Annex I of the 2022 EU Council Recommendation).",
        discussion: """
        Institutions check an export before they submit it:
          mcstat validate export.csv
        A ministry imports every file received and writes the uptake reports:
          mcstat run pipelines/nightly.yml
        or step by step:
          mcstat ingest exports/
          mcstat report --out reports/

        Exit codes: 0 done; 1 done, but records were rejected (validate only); 2 usage error; 3 one or more inputs could not be read at all (the others were still processed); 4 the store or an output file could not be written, or the store is damaged or newer than this program; 5 another writer holds the store.
        """,
        version: "mcstat \(BuildInfo.version) (commit \(buildCommit); rules \(BuildInfo.rules))",
        subcommands: [Validate.self, Ingest.self, Report.self, Run.self, Runs.self, Rejects.self,
                      Serve.self,
                      Accounts.self, Doctor.self, StoreGroup.self]
    )

    /// Parses and runs, mapping argument errors to exit code 2 (the contract's usage error). A
    /// command's failure is written as its last log event (JSON with `--log-format json`).
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as CommandFailure {
            if let options = (command as? any LoggingCommand)?.log, options.logFormat == .json {
                var logger = options.logger(command: String(describing: type(of: command)).lowercased())
                logger[metadataKey: "exit_code"] = .stringConvertible(Int(error.exitCode))
                logger.error("\(error.message)")
            } else {
                FileHandle.standardError.write(Data("mcstat: \(error.message)\n".utf8))
            }
            Foundation.exit(error.exitCode)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// A failure that ends a command with a message and one of the contract's exit codes.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
    static func storage(_ error: any Error) -> CommandFailure { CommandFailure(message: "\(error)", exitCode: 4) }

    /// A service error with its exit code: a missing store is a usage error (2), anything else
    /// the store's (4).
    static func serve(_ error: any Error) -> CommandFailure {
        if let failure = error as? CommandFailure { return failure }
        switch error as? ServeError {
        case .missingStore?, .unsupportedStore?, .inboxIdentity?: return usage("\(error)")
        default: break
        }
        return storage(error)
    }

    /// A store error with its exit code: a missing store, another key or a copy's target that
    /// is not empty is a usage error (2), anything else the store's (4).
    static func store(_ error: any Error) -> CommandFailure {
        if let failure = error as? CommandFailure { return failure }
        return switch error as? StoreError {
        case .missing?, .keyMismatch?, .unsupported?, .notEmpty?: CommandFailure(message: "\(error)", exitCode: 2)
        default: storage(error)
        }
    }
}
