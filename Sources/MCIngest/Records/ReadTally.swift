import Synchronization

/// What the pieces of one file gave, counted on the threads that decode them, so that the
/// reader's `finish()` knows a file whose credentials were all skipped as not awards: such a
/// file cannot be read at all (annex-i.md rule 23). Shared by every copy of the reader.
final class ReadTally: Sendable {
    private let state = Mutex<(records: Int, skipped: String?)>((0, nil))

    /// Counts the records of a piece and what its first skipped credential was.
    func add(records: Int, skipped: String?) {
        state.withLock {
            $0.records += records
            if $0.skipped == nil { $0.skipped = skipped }
        }
    }

    /// What was skipped, when no record came at all; nil otherwise.
    var unreadable: String? {
        state.withLock { $0.records == 0 ? $0.skipped : nil }
    }
}
