import Foundation
package import MCModel

/// How `mcstat serve` runs: where it listens, which store, inbox and reports it uses, its limits.
package struct ServeConfiguration: Sendable {
    package var host = "127.0.0.1"
    /// 0 picks a free port (tests); the port taken is reported when listening.
    package var port = 8080
    package var storePath: String
    /// Whether a missing store is created (tests); `mcstat serve` refuses one (exit 2).
    package var createStore = true
    package var inboxPath: String
    package var reportsPath: String
    /// The id to give an inbox that has none (`--adopt-inbox`): see ``InboxFolder/identity(adopting:keptUploads:)``.
    package var adoptInbox: String?
    /// Largest upload in bytes (`--max-upload`, default 1 GiB).
    package var maxUpload = 1 << 30
    /// The service is reached over HTTPS through a reverse proxy (`--behind-https-proxy`):
    /// session cookies are marked `Secure`.
    package var behindHTTPSProxy = false
    /// The audit log (JSON lines); standard error when nil.
    package var auditLogPath: String?
    /// Proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`); from any other peer
    /// the header is ignored.
    package var trustedProxies: [AddressRange] = []
    /// Failed sign-ins allowed per address (unknown account ids) and per address and account in each window.
    package var signInLimit = 10
    package var signInWindow: Duration = .seconds(60)
    /// Largest request head (all header fields together), in bytes.
    package var maxHeaderBytes = 16 * 1024
    /// Connections open at once (`--max-connections`); more are answered 503 and closed.
    package var maxConnections = 1024
    /// Time a client has to send a whole request head (`--header-timeout`).
    package var headerTimeout: Duration = .seconds(10)
    /// Bytes per second an upload must average over each `uploadRateWindow` (`--min-upload-rate`,
    /// `--upload-rate-window`); 0: no minimum.
    package var minUploadRate = 1024
    package var uploadRateWindow: Duration = .seconds(30)
    /// Bytes one account may land per day, UTC (`--daily-quota`).
    package var dailyQuota = 5 << 30
    /// Days an imported raw upload is kept (`--retention-days`).
    package var retentionDays = 90
    /// The day uploads are validated on (`--today`, `MCSTAT_TODAY`); nil: each upload's day in
    /// UTC by the clock (annex-i.md rule 27).
    package var today: CalendarDate?
    /// Time requests in flight get to finish after SIGTERM (`--shutdown-timeout`); then they are cut off.
    package var shutdownTimeout: Duration = .seconds(30)

    package init(storePath: String, inboxPath: String, reportsPath: String) {
        self.storePath = storePath
        self.inboxPath = inboxPath
        self.reportsPath = reportsPath
    }

    /// The limits each connection is held to.
    package var connectionLimits: ConnectionLimits {
        ConnectionLimits(maxConnections: maxConnections, headerTimeout: headerTimeout, minUploadRate: minUploadRate,
                         uploadRateWindow: uploadRateWindow)
    }

    /// Whether browsers reach the service over HTTPS.
    package var usesTLS: Bool { behindHTTPSProxy }

    /// Refuses an inbox inside the store's folder: raw uploads hold clear learner ids and must
    /// not travel with the store (its backups, its copies).
    package func checkInboxOutsideStore() throws(ServeError) {
        let storeFolder = Self.resolved((storePath as NSString).deletingLastPathComponent)
        let inbox = Self.resolved(inboxPath)
        if inbox == storeFolder || inbox.hasPrefix(storeFolder == "/" ? "/" : storeFolder + "/") {
            throw .inboxInsideStore(inbox: inboxPath, storeFolder: storeFolder)
        }
    }

    /// An absolute path with symbolic links resolved as far as the path exists.
    static func resolved(_ path: String) -> String {
        var absolute = (path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + (path.isEmpty ? "." : path)
        absolute = (absolute as NSString).standardizingPath
        var rest: [String] = []
        var existing = absolute
        while !FileManager.default.fileExists(atPath: existing), existing != "/" {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let real = (existing as NSString).resolvingSymlinksInPath
        return rest.reduce(real) { ($0 as NSString).appendingPathComponent($1) }
    }

    /// `HOST:PORT` (`[::1]:8080` for IPv6) split in two.
    package static func parse(listen: String) throws(ServeError) -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65535).contains(port) else { throw .listenAddress(listen) }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw .listenAddress(listen) }
        return (host, port)
    }
}
