/// Form of participation in the learning activity (Annex I, mandatory).
package enum ParticipationForm: String, Sendable, Codable, CaseIterable, Comparable {
    case online, onsite, blended, volunteering
    case workBased = "work-based"
    package static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Type of quality assurance (Annex I, mandatory).
package enum QualityAssurance: String, Sendable, Codable, CaseIterable {
    case `internal`
    case external
    case internalAndExternal = "internal+external"
}

/// Supervision and identity verification during assessment (Annex I, optional).
package enum Supervision: String, Sendable, Codable, CaseIterable {
    case unsupervisedNoId = "unsupervised-no-id"
    case supervisedNoId = "supervised-no-id"
    case supervisedOnlineId = "supervised-online-id"
    case supervisedOnsiteId = "supervised-onsite-id"
    case unsupervisedId = "unsupervised-id"
}

/// The recognised kinds of assessment; anything else is kept as given with code `other`.
package enum AssessmentKind: String, Sendable, Codable, CaseIterable {
    case writtenExam = "written-exam"
    case oralExam = "oral-exam"
    case practical, portfolio, project, continuous, assignment, quiz
    case peerAssessment = "peer-assessment"
    case priorLearning = "prior-learning"
    case other
}

/// Integration/stackability options (Annex I, optional).
package enum Stackability: String, Sendable, Codable, CaseIterable {
    case standAlone = "stand-alone"
    case stackable
}

/// QF-EHEA cycle.
package enum QFEHEACycle: String, Sendable, Codable, CaseIterable {
    case short, first, second, third
}

/// Learner gender as reported for statistics.
package enum Gender: String, Sendable, Codable, CaseIterable {
    case female = "F", male = "M", other = "X"
}

/// Whether an award stands (`issued`) or was withdrawn (`revoked`, kept but not counted).
package enum CredentialStatus: String, Sendable, Codable, CaseIterable {
    case issued, revoked
}
