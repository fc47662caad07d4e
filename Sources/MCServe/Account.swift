/// An account of the web service. Its token is never kept: only the token's SHA-256 is stored.
package struct Account: Sendable, Codable, Equatable {
    /// A random, non-sequential id (`accounts revoke ID`).
    package var id: String
    package var role: Role
    /// The awarding bodies a submitter acts for (empty for analysts; admins may have none).
    package var awardingBodies: [String]
    /// A free-text note for people (`--label`), e.g. the institution's name.
    package var label: String?
    package var createdAt: String
    package var revokedAt: String?

    package init(id: String, role: Role, awardingBodies: [String], label: String?, createdAt: String, revokedAt: String? = nil) {
        self.id = id
        self.role = role
        self.awardingBodies = awardingBodies
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Whether this account may see what was submitted for `awardingBody`: a submitter for its
    /// own bodies, an admin for every body, an analyst for none.
    package func mayRead(awardingBody: String) -> Bool {
        switch role {
        case .admin: true
        case .submitter: awardingBodies.contains(awardingBody)
        case .analyst: false
        }
    }

    /// Whether `id` can be an awarding body id: 1 to 100 characters, neither `|` (it separates
    /// an account's bodies where they are stored) nor a control character. Anything else, `/` and
    /// spaces included, is kept as given and encoded where it names a folder.
    package static func isAwardingBodyId(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100 && !id.unicodeScalars.contains { $0 == "|" || $0.properties.generalCategory == .control }
    }

    enum CodingKeys: String, CodingKey {
        case id, role, label
        case awardingBodies = "awarding_bodies", createdAt = "created_at", revokedAt = "revoked_at"
    }
}
