internal import MCModel
internal import MCNormalize
internal import MCStore

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

    /// An accepted record with no issue.
    static let clean = RecordTally(accepted: true, issues: [])

    init(accepted: Bool, issues: [ValidationIssue]) {
        self.accepted = accepted
        self.issues = issues
    }

    /// Warnings among the issues.
    var warnings: ArraySlice<ValidationIssue> { accepted ? issues[...] : issues.dropFirst() }

    func offsettingRecord(by offset: Int) -> RecordTally {
        var moved = self
        for index in moved.issues.indices { moved.issues[index].record = moved.issues[index].record.map { $0 + offset } }
        return moved
    }
}

/// What the store needs of one normalized record, made on the normalizing thread: the row of an
/// accepted credential (its content hash included), or a rejection with its values as the
/// quarantine stores them; and what the files report counts.
struct StoredRecord: PipelineOutput {
    enum Action: Sendable {
        case accept(CredentialRow, provenance: Provenance)
        case quarantine(Rejection, raw: String?)
    }

    var action: Action
    var tally: RecordTally

    /// The line where the record starts, when known.
    var line: Int? {
        switch action {
        case .accept(_, let provenance): provenance.line
        case .quarantine(let rejection, _): rejection.provenance.line
        }
    }

    /// `keyer` makes the record keys of an accepted credential (the cell key method's).
    init(_ outcome: NormalizedRecord, keyer: RecordKeyer?) {
        tally = RecordTally(outcome)
        switch outcome {
        case .accepted(let credential, let provenance, _):
            let keys = keyer?.keys(awardingBodyId: credential.awardingBodyId, credentialId: credential.credentialId,
                                   learnerKey: credential.learnerKey)
            action = .accept(CredentialRow(credential, recordKeys: keys), provenance: provenance)
        case .rejected(let rejection, _):
            action = .quarantine(rejection, raw: ImportSink.rawValues(of: rejection))
        }
    }

    init(action: Action, tally: RecordTally) {
        self.action = action
        self.tally = tally
    }

    func offsettingRecord(by offset: Int) -> StoredRecord {
        let moved: Action = switch action {
        case .accept(let row, var provenance):
            { provenance.record += offset; return .accept(row, provenance: provenance) }()
        case .quarantine(var rejection, let raw):
            {
                rejection.provenance.record += offset
                rejection.issue.record = rejection.issue.record.map { $0 + offset }
                return .quarantine(rejection, raw: raw)
            }()
        }
        return StoredRecord(action: moved, tally: tally.offsettingRecord(by: offset))
    }
}
