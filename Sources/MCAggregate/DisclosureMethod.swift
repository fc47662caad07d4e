/// How the catalogue is protected (reports.md): by suppressing small cells (the default), or by
/// the cell key method, which perturbs every count instead.
package enum DisclosureMethod: Sendable, Equatable {
    case suppression
    case cellKey(PerturbationTable)

    /// The method's name on the command line and in a pipeline file.
    package enum Name: String, Sendable, CaseIterable {
        case suppression
        case cellKey = "cell-key"
    }

    package var name: Name {
        switch self {
        case .suppression: .suppression
        case .cellKey: .cellKey
        }
    }
}
