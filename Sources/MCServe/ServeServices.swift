import Foundation
package import MCStore

/// Everything the routes use, made once at start-up and shared by every request.
package struct ServeServices: Sendable {
    package let configuration: ServeConfiguration
    package let database: ServiceDatabase
    package let accounts: AccountStore
    package let ledger: SubmissionLedger
    package let desk: SubmissionDesk
    /// The pipeline's store, for rejects and run history.
    package let store: any PipelineStore
    package let reports: ReportCatalogue
    package let metrics: ServeMetrics
    package let audit: AuditLog
    package let sessions: SessionStore
    package let gatekeeper: Gatekeeper
    /// The CSRF nonces of sign-in forms.
    package let signInNonces: SignInNonces
    /// Connections open now, against `--max-connections`.
    package let connections = ConnectionCounter()

    /// Opens the store and the inbox named by `configuration`.
    package init(configuration: ServeConfiguration) throws {
        self.configuration = configuration
        try configuration.checkInboxOutsideStore()
        // One opening: the store's check and migrations run once.
        let (opened, tables) = try ServiceDatabase.open(configuration.storePath, access: configuration.createStore ? .write : .update,
                                                        command: "serve")
        store = opened
        database = ServiceDatabase(tables: tables)
        accounts = AccountStore(database: database)
        ledger = SubmissionLedger(database: database)
        var inbox = InboxFolder(root: configuration.inboxPath)
        try inbox.prepare(adopting: configuration.adoptInbox) { [database] () throws(ServeError) in
            try database.run { store throws(StoreError) in try store.keptUploadInboxes() }
        }
        desk = SubmissionDesk(inbox: inbox, ledger: ledger, maxUpload: configuration.maxUpload, today: configuration.today)
        reports = ReportCatalogue(folder: configuration.reportsPath)
        metrics = ServeMetrics()
        audit = try AuditLog(path: configuration.auditLogPath)
        sessions = SessionStore(database: database)
        signInNonces = SignInNonces(database: database)
        gatekeeper = Gatekeeper(accounts: accounts, sessions: sessions,
                                limiter: SignInLimiter(database: database, limit: configuration.signInLimit, window: configuration.signInWindow),
                                metrics: metrics, audit: audit, trustedProxies: configuration.trustedProxies)
    }

    /// The quarantined records of these awarding bodies, each file named as the institution knows it.
    func rejects(of bodies: [String]) throws -> [Reject] {
        let names = try ledger.fileNames(awardingBodies: bodies)
        return try bodies.flatMap { body in try store.quarantined(awardingBodyId: body).map { Reject($0, names: names) } }
    }

    /// The connection gauges in the Prometheus text format.
    func connectionMetrics() -> String {
        """
        # TYPE mcstat_open_connections gauge
        mcstat_open_connections \(connections.current)
        # TYPE mcstat_refused_connections_total counter
        mcstat_refused_connections_total \(connections.refused)

        """
    }
}
