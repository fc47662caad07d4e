import MCModel
import MCStore

/// What a files report counts of one normalized record: accepted or not, and its issues (the
/// reject reason first, then the warnings). `validate` needs nothing more, so the credential
/// itself is dropped on the thread that made it.
struct RecordTally: PipelineOutput {
    var accepted: Bool
    /// The reject issue (when rejected), then the warnings.
    var issues: [ValidationIssue]

    init(_ outcome: NormalizedRecord) {
        switch outcome {
        case .accepted(_, _, let warnings):
            accepted = true
            issues = warnings
        case .rejected(let rejection, let warnings):
            accepted = false
            issues = [rejection.issue] + warnings
        }
    }

    /// Warnings among the issues.
    var warnings: ArraySlice<ValidationIssue> { accepted ? issues[...] : issues.dropFirst() }

    func offsettingRecord(by offset: Int) -> RecordTally {
        var moved = self
        for index in moved.issues.indices { moved.issues[index].record = moved.issues[index].record.map { $0 + offset } }
        return moved
    }
}

/// An outcome to store, with the credential's row when it was built on a normalizing thread.
struct StoredRecord: PipelineOutput {
    var outcome: NormalizedRecord
    var row: CredentialRow?

    init(_ outcome: NormalizedRecord) {
        self.outcome = outcome
        if case .accepted(let credential, _, _) = outcome { row = CredentialRow(credential) }
    }

    init(outcome: NormalizedRecord, row: CredentialRow?) {
        self.outcome = outcome
        self.row = row
    }

    func offsettingRecord(by offset: Int) -> StoredRecord {
        StoredRecord(outcome: outcome.offsettingRecord(by: offset), row: row)
    }
}
