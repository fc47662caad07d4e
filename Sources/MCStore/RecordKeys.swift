/// A credential's record keys for the cell key method: its own, and its learner's. Made at ingest
/// from the key file (reports.md, "The cell key method"); stored, never shown.
public struct RecordKeys: Sendable, Equatable {
    public var credential: UInt64
    public var learner: UInt64

    public init(credential: UInt64, learner: UInt64) {
        self.credential = credential
        self.learner = learner
    }
}
