package import MCModel

/// The controlled vocabularies of the canonical CSV rules: lower-cased, trimmed input → code.
package enum Vocabulary {
    /// canonical-csv.md step 4; kept in MCModel, where the ELM readers map mode labels by it too.
    package static let participationForm: [String: ParticipationForm] = ParticipationForm.vocabulary

    package static let qualityAssurance: [String: QualityAssurance] = table([
        .internal: ["internal"],
        .external: ["external"],
        .internalAndExternal: ["internal+external", "internal + external", "internal & external", "internal and external", "both"],
    ])

    package static let supervision: [String: Supervision] = table([
        .unsupervisedNoId: ["none", "unsupervised", "unsupervised-no-id"],
        .supervisedNoId: ["supervised", "supervised-no-id"],
        .supervisedOnlineId: ["supervised-online-id", "online proctoring"],
        .supervisedOnsiteId: ["onsite-id", "supervised-onsite-id"],
        .unsupervisedId: ["unsupervised-id"],
    ])

    /// Recognised assessment kinds; anything else is `other` (and kept as given).
    package static let assessment: [String: AssessmentKind] = table([
        .writtenExam: ["written-exam", "written exam", "written examination", "exam", "examination"],
        .oralExam: ["oral-exam", "oral exam", "oral examination", "oral"],
        .practical: ["practical", "practical exam", "practical assessment", "application of a skill"],
        .portfolio: ["portfolio"],
        .project: ["project", "project work"],
        .continuous: ["continuous", "continuous assessment", "continuous evaluation"],
        .assignment: ["assignment", "marked assignment"],
        .quiz: ["quiz", "online quiz"],
        .peerAssessment: ["peer-assessment", "peer assessment", "peer review"],
        .priorLearning: ["prior-learning", "prior learning", "recognition of prior learning", "rpl"],
    ])

    package static let stackability: [String: Stackability] = table([
        .standAlone: ["stand-alone", "standalone", "stand alone"],
        .stackable: ["stackable"],
    ])

    package static let qfEheaCycle: [String: QFEHEACycle] = table([
        .short: ["short", "short cycle"], .first: ["first", "first cycle"],
        .second: ["second", "second cycle"], .third: ["third", "third cycle"],
    ])

    package static let status: [String: CredentialStatus] = table([
        .issued: ["issued"], .revoked: ["revoked"],
    ])

    /// The code `text` names in `table`, case-insensitively. Every key is lower-case, so a value
    /// found as written is the one its lower-case form finds; most values are written in lower
    /// case, and their lookup makes no lower-cased copy.
    package static func lookup<Code>(_ table: [String: Code], _ text: String) -> Code? {
        table[text] ?? table[text.lowercased()]
    }

    private static func table<Code>(_ groups: [Code: [String]]) -> [String: Code] {
        var map: [String: Code] = [:]
        for (code, keys) in groups { for key in keys { map[key] = code } }
        return map
    }
}
