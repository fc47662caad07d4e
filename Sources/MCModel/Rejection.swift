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

    /// The outcome with its record number, and that of every issue about it, moved on by
    /// `offset`: records numbered within a piece of input get their number in the file.
    public func offsettingRecord(by offset: Int) -> NormalizedRecord {
        guard offset != 0 else { return self }
        func moved(_ issues: [ValidationIssue]) -> [ValidationIssue] {
            issues.map { issue in
                var issue = issue
                issue.record = issue.record.map { $0 + offset }
                return issue
            }
        }
        switch self {
        case .accepted(let credential, var provenance, let warnings):
            provenance.record += offset
            return .accepted(credential, provenance: provenance, warnings: moved(warnings))
        case .rejected(var rejection, let warnings):
            rejection.provenance.record += offset
            rejection.issue.record = rejection.issue.record.map { $0 + offset }
            return .rejected(rejection, warnings: moved(warnings))
        }
    }
}
