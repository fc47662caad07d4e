/// How disclosure control sees a report: which leading dimensions form a group that adds up to
/// a total row (`_T` in every other dimension), and which measures count awards and people.
public struct DisclosureLayout: Sendable, Equatable {
    public var groupLength: Int
    public var credentialsMeasure: Int?
    public var learnersMeasure: Int?

    public init(groupLength: Int, credentialsMeasure: Int?, learnersMeasure: Int?) {
        self.groupLength = groupLength
        self.credentialsMeasure = credentialsMeasure
        self.learnersMeasure = learnersMeasure
    }
}
