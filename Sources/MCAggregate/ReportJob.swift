import MCModel
import MCStore

/// What every report job is given: one consistent snapshot of the store, the disclosure
/// threshold, and the runner for its concurrent parts.
public struct ReportContext: Sendable {
    /// Every stored credential, revoked ones included (the completeness report).
    public let credentials: FactTable
    /// Positions in `credentials` of the issued ones (what reports count) per issuer country, in
    /// country order: a joint award is in each of its countries.
    private let partitions: [(country: String, members: [Int32])]
    public let rejections: [RejectionCount]
    public let disclosure: DisclosureControl
    public let runner: JobRunner

    public init(facts: FactTable, rejections: [RejectionCount], minCell: Int, runner: JobRunner) {
        credentials = facts
        partitions = ReportContext.partitions(of: facts)
        self.rejections = rejections
        disclosure = DisclosureControl(threshold: minCell)
        self.runner = runner
    }

    /// The store read once, streamed into a ``FactTable`` (see ``FactTable/read(from:)``).
    public init(store: Store, minCell: Int, runner: JobRunner) throws(StoreError) {
        let (facts, rejections) = try FactTable.read(from: store)
        self.init(facts: facts, rejections: rejections, minCell: minCell, runner: runner)
    }

    public init(snapshot: StoreSnapshot, minCell: Int, runner: JobRunner) {
        self.init(facts: FactTable(facts: snapshot.credentials), rejections: snapshot.rejections, minCell: minCell, runner: runner)
    }

    /// A context over issued credentials only (no quarantine), for tests and tools.
    public init(credentials: [CredentialFact], minCell: Int, runner: JobRunner) {
        self.init(snapshot: StoreSnapshot(credentials: credentials, rejections: []), minCell: minCell, runner: runner)
    }

    /// The issued credentials per issuer country (a joint award in each of its countries), in
    /// country order: the partitions report jobs compute concurrently.
    public func issuedByCountry() -> [(country: String, members: [Int32])] { partitions }

    private static func partitions(of facts: FactTable) -> [(country: String, members: [Int32])] {
        var byCountry: [String: [Int32]] = [:]
        for index in facts.indices where facts[index].status == .issued {
            for country in facts.distinctCountries(at: index) { byCountry[country, default: []].append(Int32(index)) }
        }
        return byCountry.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// One report of the catalogue: computes its table from the context, partial results merged but
/// not yet under disclosure control (``ReportCatalog/tables(in:)`` applies it to all at once).
public protocol ReportJob: Sendable {
    /// The report's name, also its file name (`uptake` → `uptake.csv`).
    var name: String { get }
    func run(in context: ReportContext) -> ReportTable
}

/// The report catalogue: every job, in the order reports are listed.
public enum ReportCatalog {
    public static let all: [any ReportJob] = [
        UptakeJob(),
        FieldsJob(),
        QualityJob(),
        StackabilityJob(),
        LearnersJob(),
        CompletenessJob(),
        TrendJob(),
        PrinciplesJob(),
    ]

    /// Every report of the catalogue computed over `context`, concurrently, then protected by
    /// disclosure control once, as a whole. Always the whole catalogue, so that a report's
    /// suppression never depends on which others are written with it.
    public static func tables(in context: ReportContext) -> [ReportTable] {
        var tables = context.runner.map(all) { $0.run(in: context) }
        context.disclosure.apply(to: &tables)
        return tables
    }

    /// The job named `name`, if any.
    public static func job(named name: String) -> (any ReportJob)? {
        all.first { $0.name == name }
    }
}
