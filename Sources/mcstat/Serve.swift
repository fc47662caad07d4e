internal import ArgumentParser
import Foundation
internal import Logging
internal import MCModel
internal import MCServe
import Synchronization

extension MCStat {
    /// `mcstat serve`: the ministry's web service for submissions, feedback and reports.
    struct Serve: LoggingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the web service: institutions submit exports and read their feedback, analysts read the reports.",
            discussion: """
            Accepted uploads land in <inbox>/<awarding body>/; a pipeline source `inbox: DIR` imports them in the nightly run. Accounts are managed with `mcstat accounts`. SIGTERM or SIGINT stops the service after the requests in flight have finished.

            Examples:
              mcstat serve --store mcstat.sqlite --inbox inbox --reports reports
              mcstat serve --listen 127.0.0.1:8080 --behind-https-proxy   (nginx in front, docs/deploy.md)
            """)

        @Option(help: ArgumentHelp("Address to listen on.", valueName: "host:port"))
        var listen = "127.0.0.1:8080"

        @Option(help: ArgumentHelp("The SQLite store (accounts, receipts, rejects, runs).",
                                   discussion: "Default: $MCSTAT_STORE, else mcstat.sqlite.", valueName: "path"))
        var store: String?

        @Option(help: ArgumentHelp("Where accepted uploads land, one folder per awarding body.", valueName: "dir"))
        var inbox = "inbox"

        @Option(help: ArgumentHelp("The report folder of the nightly run, shown to analysts.", valueName: "dir"))
        var reports = "reports"

        @Option(name: .customLong("adopt-inbox"),
                help: ArgumentHelp("Give the inbox this id when it has lost its .inbox-id (32 hexadecimal digits).",
                                   discussion: "For an inbox recreated empty: the uploads the store records as landed in that inbox are then deleted after the retention as before. An inbox that holds uploads of one inbox gets that inbox's id back without it.",
                                   valueName: "id"))
        var adoptInbox: String?

        @Option(name: .customLong("max-upload"), help: ArgumentHelp("Largest upload, in bytes (suffixes K, M, G: powers of 1024).", valueName: "size"))
        var maxUpload = "1G"

        @Flag(name: .customLong("behind-https-proxy"), help: "Browsers reach the service over HTTPS through a reverse proxy: mark session cookies Secure.")
        var behindHTTPSProxy = false

        @Option(name: .customLong("max-connections"), help: ArgumentHelp("Connections open at once; more are answered 503 and closed.",
                                                                           discussion: "Default: a quarter of the open-file limit, at most 4096.", valueName: "n"))
        var maxConnections: Int?

        @Option(name: .customLong("header-timeout"), help: ArgumentHelp("Seconds a client has to send a whole request head.", valueName: "seconds"))
        var headerTimeout = 10.0

        @Option(name: .customLong("min-upload-rate"), help: ArgumentHelp("Bytes per second an upload must average over each window (0: no minimum).", valueName: "size"))
        var minUploadRate = "1K"

        @Option(name: .customLong("upload-rate-window"), help: ArgumentHelp("Seconds over which the upload rate is averaged.", valueName: "seconds"))
        var uploadRateWindow = 30.0

        @Option(name: .customLong("shutdown-timeout"), help: ArgumentHelp("Seconds requests in flight get to finish after SIGTERM.", valueName: "seconds"))
        var shutdownTimeout = 30.0

        @Option(name: .customLong("daily-quota"), help: ArgumentHelp("Bytes one account may land per day (UTC); suffixes K, M, G.", valueName: "size"))
        var dailyQuota = "5G"

        @Option(name: .customLong("retention-days"), help: ArgumentHelp("Days an imported raw upload is kept; then it is deleted, its SHA-256 and receipt kept.", valueName: "days"))
        var retentionDays = 90

        @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp("A reverse proxy (address or CIDR, repeatable) whose X-Forwarded-For names the client.",
                                                                         valueName: "cidr"))
        var trustedProxy: [String] = []

        @Option(name: .customLong("audit-log"), help: ArgumentHelp("Append the audit log (JSON lines) here instead of stderr.", valueName: "path"))
        var auditLog: String?

        @Option(help: ArgumentHelp("The day uploads are validated on (YYYY-MM-DD, UTC): an issue date more than one day after it is rejected as in the future.",
                                   discussion: "Default: $MCSTAT_TODAY, else each upload's day by the clock.",
                                   valueName: "date"))
        var today: String?

        @OptionGroup var log: LogOptions

        func validate() throws {
            if Self.bytes(maxUpload) == nil { throw ValidationError("--max-upload \(maxUpload): expected a size such as 1G, 500M or 1048576") }
            if minUploadRate != "0" && Self.bytes(minUploadRate) == nil { throw ValidationError("--min-upload-rate \(minUploadRate): expected a size such as 1K, or 0") }
            for proxy in trustedProxy where AddressRange(proxy) == nil {
                throw ValidationError("--trusted-proxy \(proxy): expected an address or a network such as 10.0.0.0/8 or ::1/128")
            }
            if Self.bytes(dailyQuota) == nil { throw ValidationError("--daily-quota \(dailyQuota): expected a size such as 5G") }
            if let today, CalendarDate(iso: today) == nil { throw ValidationError("--today takes a date written YYYY-MM-DD, e.g. 2025-04-01") }
            if retentionDays < 1 { throw ValidationError("--retention-days \(retentionDays): expected 1 or more") }
            if let adoptInbox, !InboxFolder.isIdentity(adoptInbox) {
                throw ValidationError("--adopt-inbox \(adoptInbox): expected an inbox id, 32 hexadecimal digits as in <inbox>/.inbox-id")
            }
            if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections \(maxConnections): expected 1 or more") }
            for (name, seconds) in [("--header-timeout", headerTimeout), ("--upload-rate-window", uploadRateWindow), ("--shutdown-timeout", shutdownTimeout)]
            where !(seconds > 0 && seconds <= 86_400) {
                throw ValidationError("\(name) \(seconds): expected seconds, more than 0")
            }
        }

        func run() throws {
            try Self.blocking { try await serve() }
        }

        func serve() async throws {
            let address: (host: String, port: Int)
            do { address = try ServeConfiguration.parse(listen: listen) } catch { throw CommandFailure.usage("\(error)") }
            var configuration = ServeConfiguration(storePath: store ?? ProcessInfo.processInfo.environment["MCSTAT_STORE"] ?? "mcstat.sqlite",
                                                   inboxPath: inbox, reportsPath: reports)
            configuration.createStore = false
            configuration.adoptInbox = adoptInbox
            configuration.host = address.host
            configuration.port = address.port
            configuration.maxUpload = Self.bytes(maxUpload) ?? configuration.maxUpload
            configuration.behindHTTPSProxy = behindHTTPSProxy
            configuration.auditLogPath = auditLog
            configuration.trustedProxies = trustedProxy.compactMap(AddressRange.init)
            configuration.dailyQuota = Self.bytes(dailyQuota) ?? configuration.dailyQuota
            configuration.retentionDays = retentionDays
            configuration.today = try InputOptions.fixedRunDay(today)
            let fileLimit = FileLimit.raiseToHard()
            configuration.maxConnections = maxConnections ?? FileLimit.defaultMaxConnections(limit: fileLimit)
            configuration.headerTimeout = .seconds(headerTimeout)
            configuration.minUploadRate = minUploadRate == "0" ? 0 : Self.bytes(minUploadRate) ?? configuration.minUploadRate
            configuration.uploadRateWindow = .seconds(uploadRateWindow)
            configuration.shutdownTimeout = .seconds(shutdownTimeout)
            do { try configuration.checkInboxOutsideStore() } catch { throw CommandFailure.usage("\(error)") }
            let services: ServeServices
            do { services = try ServeServices(configuration: configuration) } catch { throw CommandFailure.serve(error) }
            let logger = log.logger(command: "serve")
            let service = WebService(services: services, logger: logger)
            // Where it listens and that it stopped: a plain line for people, an event in JSON logs.
            let json = log.logFormat == .json
            let say: @Sendable (String) -> Void = { text in
                if json { logger.notice("\(text)") } else { FileHandle.standardError.write(Data("mcstat serve: \(text)\n".utf8)) }
            }
            if let notice = services.desk.inbox.identityNotice { say(notice) }
            do {
                try await service.run { port in say("listening on http://\(address.host):\(port)") }
            } catch let error as ServeError {
                throw CommandFailure.usage("\(error)")
            }
            say("stopped")
        }

        /// Runs async work to its end from the synchronous command line (the root command is not async).
        static func blocking(_ work: @escaping @Sendable () async throws -> Void) throws {
            let outcome = Outcome()
            let done = DispatchSemaphore(value: 0)
            Task {
                do { try await work() } catch { outcome.error.withLock { $0 = error } }
                done.signal()
            }
            done.wait()
            if let error = outcome.error.withLock({ $0 }) { throw error }
        }

        /// `1G`, `500M`, `64K` or plain bytes.
        static func bytes(_ text: String) -> Int? {
            let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
            if let last = text.uppercased().last, let unit = units[last] {
                return Int(text.dropLast()).flatMap { $0 > 0 ? $0 * unit : nil }
            }
            return Int(text).flatMap { $0 > 0 ? $0 : nil }
        }
    }
}

/// How the async work of a synchronous command ended.
private final class Outcome: Sendable {
    let error = Mutex<(any Error)?>(nil)
}
