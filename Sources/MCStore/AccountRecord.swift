/// One row of `accounts`: a web-service account as stored. The token itself is never stored,
/// only its SHA-256.
package struct AccountRecord: Sendable, Equatable, Codable {
    package var id: String
    /// `submitter` or `analyst`.
    package var role: String
    package var awardingBodies: [String]
    package var label: String?
    package var tokenSHA256: String
    /// ISO 8601 in UTC to the second.
    package var createdAt: String
    package var revokedAt: String?

    package init(id: String, role: String, awardingBodies: [String], label: String?, tokenSHA256: String,
                 createdAt: String, revokedAt: String? = nil) {
        self.id = id
        self.role = role
        self.awardingBodies = awardingBodies
        self.label = label
        self.tokenSHA256 = tokenSHA256
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
