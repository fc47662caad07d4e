/// What an account may do. A submitter sends its institutions' exports and reads their
/// feedback; an analyst reads the report catalogue and run history; an admin may do both.
public enum Role: String, Sendable, Codable, CaseIterable {
    case submitter
    case analyst
    case admin

    /// May read the report catalogue and run history.
    public var readsReports: Bool { self != .submitter }
}
