import Dispatch
package import MCModel

/// What every report job is given: where the credentials come from, the disclosure threshold,
/// and the runner for its concurrent parts.
package struct ReportContext: Sendable {
    /// The credentials (issued and revoked) and the quarantine counts, read once per pass.
    package let source: FactSource
    package let disclosure: DisclosureControl
    /// Suppression (with ``disclosure``'s threshold) or the cell key method.
    package var method: DisclosureMethod = .suppression
    package let runner: JobRunner
    /// Credentials per batch of a pass: what a report holds at once is bounded by it (and by the
    /// number of cells), never by the size of the store.
    package var batchSize = 8192
    /// Whether a store that counts in SQL (``CountingStore``) counts the reports itself; false
    /// streams its credentials to the Swift tallies (to compare the two).
    package var countsInStore = true

    package init(source: FactSource, minCell: Int, runner: JobRunner) {
        self.source = source
        disclosure = DisclosureControl(threshold: minCell)
        self.runner = runner
    }

    /// The store, streamed (see ``FactSource/store(_:)``).
    package init(store: any StoredFacts, minCell: Int, runner: JobRunner) {
        self.init(source: .store(store), minCell: minCell, runner: runner)
    }

    package init(snapshot: StoreSnapshot, minCell: Int, runner: JobRunner) {
        self.init(source: .facts(snapshot), minCell: minCell, runner: runner)
    }

    /// A context over issued credentials only (no quarantine), for tests and tools.
    package init(credentials: [CredentialFact], minCell: Int, runner: JobRunner) {
        self.init(snapshot: StoreSnapshot(credentials: credentials, rejections: []), minCell: minCell, runner: runner)
    }

    /// One pass over the credentials: every tally is given every batch, the tallies of a batch
    /// concurrently (``JobRunner/map(_:_:)``), while the next batch is read; at most one batch
    /// waits. Returns the tallies' tables, in the order of `tallies`, and what the pass saw.
    package func pass(_ tallies: [any ReportTally]) throws -> (tables: [ReportTable], end: PassEnd) {
        let runner = runner
        var credentials = 0
        var issued = 0
        var lastBatch: FactTable?
        let oneBatchAtATime = DispatchSemaphore(value: 1)
        let queue = DispatchQueue(label: "mcstat.report-pass")
        // The store's sort by learner may use the cores the runner may use.
        let read = Result { () throws -> [RejectionCount] in
            try source.stream(batchSize: batchSize, sortingThreads: runner.maxConcurrency - 1) { batch in
                credentials += batch.count
                issued += batch.records.count { $0.status == .issued }
                lastBatch = batch
                if runner.maxConcurrency == 1 {
                    for tally in tallies { tally.add(batch) }
                    return
                }
                oneBatchAtATime.wait()
                queue.async {
                    _ = runner.map(tallies) { $0.add(batch) }
                    oneBatchAtATime.signal()
                }
            }
        }
        // The batch in flight is counted before the tallies finish, or before a failed read is
        // reported.
        oneBatchAtATime.wait()
        oneBatchAtATime.signal()
        let end = PassEnd(lastBatch: lastBatch, counts: try read.get(), credentials: credentials, issued: issued)
        return (runner.map(tallies) { $0.finish(end) }, end)
    }
}

/// One report of the catalogue: counts over a pass (its ``ReportTally``), partial results merged
/// but not yet under disclosure control (``ReportCatalog/compute(in:)`` applies it to all at once).
package protocol ReportJob: Sendable {
    /// The report's name, also its file name (`uptake` → `uptake.csv`).
    var name: String { get }
    /// Fresh running counts for one pass.
    func makeTally() -> any ReportTally
}

extension ReportJob {
    /// This report alone over `context`, in a pass of its own (counted by the store when it can),
    /// not under disclosure control.
    package func run(in context: ReportContext) throws -> ReportTable {
        try context.pass(jobs: [self]).tables[0]
    }
}

/// The report catalogue's tables and what the pass that computed them read.
package struct Catalogue: Sendable {
    package var tables: [ReportTable]
    /// Credentials read (issued and revoked), issued ones among them.
    package var credentials: Int
    package var issued: Int
    /// The quarantine counts per awarding body and reason.
    package var rejections: [RejectionCount]
}

/// The report catalogue: every job, in the order reports are listed.
package enum ReportCatalog {
    package static let all: [any ReportJob] = [
        UptakeJob(),
        FieldsJob(),
        QualityJob(),
        StackabilityJob(),
        LearnersJob(),
        CompletenessJob(),
        TrendJob(),
        PrinciplesJob(),
    ]

    /// The reports of the public set, written by default: every one but `completeness`, which
    /// names institutions and would tell each one's new records night by night (reports.md,
    /// "Across releases"); it is written only when asked for by name.
    package static let publicSet: [String] = all.map(\.name).filter { $0 != "completeness" }

    /// Every report of the catalogue computed over `context` in one pass, then protected by
    /// disclosure control once, as a whole. Always the whole catalogue, so that a report's
    /// suppression never depends on which others are written with it.
    package static func compute(in context: ReportContext) throws -> Catalogue {
        var (tables, end) = try context.pass(jobs: all)
        switch context.method {
        case .suppression: context.disclosure.apply(to: &tables)
        case .cellKey(let table): CellKeyPerturbation(table: table).apply(to: &tables)
        }
        return Catalogue(tables: tables, credentials: end.credentials, issued: end.issued, rejections: end.rejections)
    }

    /// The catalogue's tables (see ``compute(in:)``).
    package static func tables(in context: ReportContext) throws -> [ReportTable] {
        try compute(in: context).tables
    }

    /// The job named `name`, if any.
    package static func job(named name: String) -> (any ReportJob)? {
        all.first { $0.name == name }
    }
}
