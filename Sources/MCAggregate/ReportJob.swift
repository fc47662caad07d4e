import MCStore

/// What every report job is given: one consistent snapshot of the store's issued credentials,
/// the disclosure threshold, and the runner for its concurrent parts.
public struct ReportContext: Sendable {
    public let credentials: [CredentialFact]
    public let disclosure: DisclosureControl
    public let runner: JobRunner

    public init(credentials: [CredentialFact], minCell: Int, runner: JobRunner) {
        self.credentials = credentials
        self.disclosure = DisclosureControl(threshold: minCell)
        self.runner = runner
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
    ]

    /// The job named `name`, if any.
    public static func job(named name: String) -> (any ReportJob)? {
        all.first { $0.name == name }
    }
}
