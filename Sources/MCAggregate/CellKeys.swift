/// The cell keys behind one row, for the cell key method: per count the sum, mod 2^64, of the
/// record keys of exactly the units it counts (credentials, or distinct learners), and for each
/// share the sums behind its numerator and its denominator. Never published.
package struct CellKeys: Sendable, Equatable {
    /// The sum of the record keys of the row's credentials.
    package var credentials: UInt64
    /// The sum of the record keys of the row's distinct learners, each once.
    package var learners: UInt64
    /// Per measure index of a share: the key sums of its numerator's and denominator's units.
    package var shares: [Int: ShareKeys]

    package init(credentials: UInt64, learners: UInt64, shares: [Int: ShareKeys] = [:]) {
        self.credentials = credentials
        self.learners = learners
        self.shares = shares
    }
}

/// The key sums behind one share.
package struct ShareKeys: Sendable, Equatable {
    package var numerator: UInt64
    package var denominator: UInt64

    package init(numerator: UInt64, denominator: UInt64) {
        self.numerator = numerator
        self.denominator = denominator
    }
}
