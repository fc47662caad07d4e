import MCModel
import MCStore

/// What every report job is given: one consistent snapshot of the store, the disclosure
/// threshold, and the runner for its concurrent parts.
public struct ReportContext: Sendable {
    /// Every stored credential, revoked ones included (the completeness report).
    public let credentials: [CredentialFact]
    /// Indices into `credentials` of those with status `issued`: what reports count.
    public let issued: [Int]
    /// Each credential's learner as a small integer (learner keys interned once, so that counting
    /// distinct learners hashes integers, not 64-character keys).
    public let learnerIds: [Int32]
    public let rejections: [RejectionCount]
    public let disclosure: DisclosureControl
    public let runner: JobRunner

    public init(snapshot: StoreSnapshot, minCell: Int, runner: JobRunner) {
        credentials = snapshot.credentials
        issued = snapshot.credentials.indices.filter { snapshot.credentials[$0].status == .issued }
        var interned: [String: Int32] = [:]
        learnerIds = snapshot.credentials.map { fact in
            if let id = interned[fact.learnerKey] { return id }
            let id = Int32(interned.count)
            interned[fact.learnerKey] = id
            return id
        }
        rejections = snapshot.rejections
        disclosure = DisclosureControl(threshold: minCell)
        self.runner = runner
    }

    /// The issued credentials per issuer country (a joint award in each of its countries), in
    /// country order: the partitions report jobs compute concurrently.
    public func issuedByCountry() -> [(country: String, members: [Int])] {
        var byCountry: [String: [Int]] = [:]
        for index in issued {
            var seen = Set<String>()
            for country in credentials[index].countries where seen.insert(country).inserted {
                byCountry[country, default: []].append(index)
            }
        }
        return byCountry.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// A context over issued credentials only (no quarantine), for tests and tools.
    public init(credentials: [CredentialFact], minCell: Int, runner: JobRunner) {
        self.init(snapshot: StoreSnapshot(credentials: credentials, rejections: []), minCell: minCell, runner: runner)
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
