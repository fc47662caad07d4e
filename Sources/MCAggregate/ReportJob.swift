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

    /// A context over issued credentials only (no quarantine), for tests and tools.
    public init(credentials: [CredentialFact], minCell: Int, runner: JobRunner) {
        self.init(snapshot: StoreSnapshot(credentials: credentials, rejections: []), minCell: minCell, runner: runner)
    }
}

/// One report of the catalogue: computes its table from the context (partial results merged,
/// then disclosure control applied once on the merged table).
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
    ]

    /// The job named `name`, if any.
    public static func job(named name: String) -> (any ReportJob)? {
        all.first { $0.name == name }
    }
}
