/// What an account may do. A submitter sends its institutions' exports and reads their
/// feedback; an analyst reads the report catalogue and run history; an admin may do both.
package enum Role: String, Sendable, Codable, CaseIterable {
    case submitter
    case analyst
    case admin

    /// May read the report catalogue and run history.
    package var readsReports: Bool { self != .submitter }
}
