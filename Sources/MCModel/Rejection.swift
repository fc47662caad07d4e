/// A record that normalization refused: the issue that decided it and the record as read, with
/// the learner id already replaced by its key (so a rejection can be stored and shown safely).
public struct Rejection: Sendable, Codable, Equatable {
    public var provenance: Provenance
    public var issue: ValidationIssue
    /// The raw values, `learner_id` replaced by its pseudonymous key.
    public var values: [String: RawValue]

    public init(provenance: Provenance, issue: ValidationIssue, values: [String: RawValue]) {
        self.provenance = provenance
        self.issue = issue
        self.values = values
    }
}

/// The outcome of normalizing one raw record: accepted (with warnings) or rejected.
public enum NormalizedRecord: Sendable, Equatable {
    case accepted(Credential, provenance: Provenance, warnings: [ValidationIssue])
    case rejected(Rejection, warnings: [ValidationIssue])

    public var warnings: [ValidationIssue] {
        switch self {
        case .accepted(_, _, let warnings), .rejected(_, let warnings): warnings
        }
    }
}
