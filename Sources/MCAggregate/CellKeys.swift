/// The cell keys behind one row, for the cell key method: per count the sum, mod 2^64, of the
/// record keys of exactly the units it counts (credentials, or distinct learners), and for each
/// share the sums behind its numerator and its denominator. Never published.
public struct CellKeys: Sendable, Equatable {
    /// The sum of the record keys of the row's credentials.
    public var credentials: UInt64
    /// The sum of the record keys of the row's distinct learners, each once.
    public var learners: UInt64
    /// Per measure index of a share: the key sums of its numerator's and denominator's units.
    public var shares: [Int: ShareKeys]

    public init(credentials: UInt64, learners: UInt64, shares: [Int: ShareKeys] = [:]) {
        self.credentials = credentials
        self.learners = learners
        self.shares = shares
    }
}

/// The key sums behind one share.
public struct ShareKeys: Sendable, Equatable {
    public var numerator: UInt64
    public var denominator: UInt64

    public init(numerator: UInt64, denominator: UInt64) {
        self.numerator = numerator
        self.denominator = denominator
    }
}
