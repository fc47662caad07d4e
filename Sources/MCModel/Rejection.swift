/// A record that normalization refused: the issue that decided it and the record as read, with
/// the learner id already replaced by its key (so a rejection can be stored and shown safely).
package struct Rejection: Sendable, Codable, Equatable {
    package var provenance: Provenance
    package var issue: ValidationIssue
    /// The record as read, `learner_id` replaced by its pseudonymous key. Its values by name are
    /// made only when asked for: `validate` never needs them.
    private var record: RawRecord

    /// The raw values, `learner_id` replaced by its pseudonymous key.
    package var values: [String: RawValue] { record.values }

    package init(provenance: Provenance, issue: ValidationIssue, values: [String: RawValue]) {
        self.init(provenance: provenance, issue: issue, keyedRecord: RawRecord(provenance: provenance, values: values))
    }

    /// A rejection of `keyedRecord`, whose learner id is already its key.
    package init(provenance: Provenance, issue: ValidationIssue, keyedRecord: RawRecord) {
        self.provenance = provenance
        self.issue = issue
        record = keyedRecord
    }

    private enum CodingKeys: String, CodingKey { case provenance, issue, values }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let provenance = try container.decode(Provenance.self, forKey: .provenance)
        self.init(provenance: provenance, issue: try container.decode(ValidationIssue.self, forKey: .issue),
                  values: try container.decode([String: RawValue].self, forKey: .values))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(provenance, forKey: .provenance)
        try container.encode(issue, forKey: .issue)
        try container.encode(values, forKey: .values)
    }

    package static func == (a: Rejection, b: Rejection) -> Bool {
        a.provenance == b.provenance && a.issue == b.issue && a.values == b.values
    }
}

/// The outcome of normalizing one raw record: accepted (with warnings) or rejected.
package enum NormalizedRecord: Sendable, Equatable {
    case accepted(Credential, provenance: Provenance, warnings: [ValidationIssue])
    case rejected(Rejection, warnings: [ValidationIssue])

    package var warnings: [ValidationIssue] {
        switch self {
        case .accepted(_, _, let warnings), .rejected(_, let warnings): warnings
        }
    }

    /// The outcome with its record number, and that of every issue about it, moved on by
    /// `offset`: records numbered within a piece of input get their number in the file.
    package func offsettingRecord(by offset: Int) -> NormalizedRecord {
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
