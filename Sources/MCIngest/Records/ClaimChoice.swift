internal import MCModel

/// Which award of a credential a record reads when the credential holds several (annex-i.md
/// rule 24): each top-level award claim is one record, in document order; the first keeps the
/// credential id, the n-th gets `<credential id>#<n>`.
package struct ClaimChoice: Sendable, Equatable {
    /// 1-based, in document order.
    package let ordinal: Int
    /// How many awards the credential holds.
    package let count: Int
    /// Where the claim is: a JSON pointer, or an XML path with its line.
    package let place: String

    package init(ordinal: Int, count: Int, pointer place: String) {
        self.ordinal = ordinal
        self.count = count
        self.place = place
    }

    /// The record's credential id for the credential's `id`.
    package func credentialId(_ id: String?) -> String? {
        guard let id, ordinal > 1 else { return id }
        return "\(id)#\(ordinal)"
    }

    /// How `validate --explain` names the claim: `claim 2 of 3: /credentialSubject/hasClaim/1`.
    package var origin: String { "claim \(ordinal) of \(count): \(place)" }

    /// The award claims of an ELM v3 subject: its `hasClaim` items typed `LearningAchievement`
    /// (activities and assessments are not awards; `hasPart` parts are parts of their claim).
    static func awards(in subject: JSONCursor?) -> [JSONCursor] {
        subject?["hasClaim"]?.many.filter { $0.hasType("LearningAchievement") } ?? []
    }

    /// The awards an ELM v2 subject holds directly: `achievements/learningAchievement`.
    static func awards(in subject: XMLElement?) -> [XMLElement] {
        subject?.child("achievements")?.children("learningAchievement") ?? []
    }

    /// One choice per award of `awards` when there are several, else none (the credential is
    /// read as one record).
    static func choices<Award>(_ awards: [Award], place: (Int, Award) -> String) -> [ClaimChoice]? {
        guard awards.count > 1 else { return nil }
        return awards.enumerated().map { ClaimChoice(ordinal: $0 + 1, count: awards.count, pointer: place($0, $1)) }
    }
}
