internal import ArgumentParser
import Foundation
internal import MCServe

extension MCStat {
    /// `mcstat accounts`: who may use the web service.
    struct Accounts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the web service's accounts.",
            discussion: """
            A token is printed once, when the account is added; only its SHA-256 is stored.

            Examples:
              mcstat accounts add --role submitter --awarding-body DE-HRK-0815 --label "TU Nordstadt"
              mcstat accounts add --role analyst
              mcstat accounts list
              mcstat accounts revoke 3f9a0c12d4e5
            """,
            subcommands: [Add.self, List.self, Revoke.self])

        struct StoreOption: ParsableArguments {
            @Option(help: ArgumentHelp("The SQLite store.", discussion: "Default: $MCSTAT_STORE, else mcstat.sqlite.", valueName: "path"))
            var store: String?

            /// The accounts of the store; only `accounts add` (`creating`) makes a missing store.
            func accounts(creating: Bool = false) throws -> AccountStore {
                let path = store ?? ProcessInfo.processInfo.environment["MCSTAT_STORE"] ?? "mcstat.sqlite"
                do { return AccountStore(database: try ServiceDatabase(path: path, access: creating ? .write : .update)) } catch {
                    throw CommandFailure.serve(error)
                }
            }
        }

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add an account and print its token (once).")

            @Option(help: ArgumentHelp("submitter, analyst or admin.", valueName: "role"))
            var role: Role

            @Option(name: .customLong("awarding-body"), help: ArgumentHelp("An awarding body the submitter acts for (repeatable).", valueName: "id"))
            var awardingBodies: [String] = []

            @Option(help: ArgumentHelp("A note for people, e.g. the institution's name.", valueName: "text"))
            var label: String?

            @OptionGroup var options: StoreOption

            func run() throws {
                let (account, token) = try Self.add(options.accounts(creating: true), role: role, awardingBodies: awardingBodies, label: label)
                print("account \(account.id) (\(account.role.rawValue)\(account.awardingBodies.isEmpty ? "" : ": " + account.awardingBodies.joined(separator: ", ")))")
                print("token: \(token)")
                FileHandle.standardError.write(Data("mcstat: the token is shown only now; only its SHA-256 is stored\n".utf8))
            }

            static func add(_ store: AccountStore, role: Role, awardingBodies: [String], label: String?) throws -> (Account, String) {
                do { return try store.add(role: role, awardingBodies: awardingBodies, label: label) } catch {
                    if case .invalidAccount = error { throw CommandFailure.usage("\(error)") }
                    throw CommandFailure.storage(error)
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the accounts (never their tokens).")

            @Option(help: "text or json.")
            var format: OutputFormat = .text

            @OptionGroup var options: StoreOption

            func run() throws {
                let accounts: [Account]
                do { accounts = try options.accounts().list() } catch let error as CommandFailure { throw error } catch { throw CommandFailure.storage(error) }
                if format == .json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: (try? encoder.encode(["accounts": accounts])) ?? Data(), as: UTF8.self))
                    return
                }
                print("id            role       status    created               awarding bodies / label")
                for account in accounts {
                    let status = account.revokedAt == nil ? "active" : "revoked"
                    let what = (account.awardingBodies + (account.label.map { ["(\($0))"] } ?? [])).joined(separator: " ")
                    print(account.id.padding(toLength: 14, withPad: " ", startingAt: 0)
                          + account.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                          + status.padding(toLength: 10, withPad: " ", startingAt: 0)
                          + account.createdAt.padding(toLength: 22, withPad: " ", startingAt: 0) + what)
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke an account: its token stops working at once.")

            @Argument(help: ArgumentHelp("The account id (see accounts list).", valueName: "id"))
            var id: String

            @OptionGroup var options: StoreOption

            func run() throws {
                do { try options.accounts().revoke(id: id) } catch let error as CommandFailure { throw error } catch {
                    if case ServeError.noSuchAccount = error { throw CommandFailure.usage("\(error)") }
                    throw CommandFailure.storage(error)
                }
                print("revoked \(id)")
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
