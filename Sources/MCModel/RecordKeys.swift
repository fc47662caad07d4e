/// A credential's record keys for the cell key method: its own, and its learner's. Made at ingest
/// from the key file (reports.md, "The cell key method"); stored, never shown.
package struct RecordKeys: Sendable, Equatable {
    package var credential: UInt64
    package var learner: UInt64

    package init(credential: UInt64, learner: UInt64) {
        self.credential = credential
        self.learner = learner
    }
}
