/// The elements of Annex I of the Council Recommendation on micro-credentials (2022/C 243/02),
/// plus the statistical dimensions mcstat adds. Messages name elements, never numbers: numbering
/// differs between sources.
package enum AnnexElement: String, Sendable, Codable, CaseIterable {
    case learner = "Identification of the learner"
    case title = "Title of the micro-credential"
    case issuerCountry = "Country(ies)/Region(s) of the issuer"
    case awardingBody = "Awarding body(ies)"
    case issueDate = "Date of issuing"
    case learningOutcomes = "Learning outcomes"
    case workload = "Notional workload"
    case level = "Level (and cycle) — EQF, QF-EHEA"
    case assessment = "Type of assessment"
    case participation = "Form of participation in the learning activity"
    case qualityAssurance = "Type of quality assurance"
    case prerequisites = "Prerequisites needed to enrol"
    case supervision = "Supervision and identity verification during assessment"
    case grade = "Grade achieved"
    case stackability = "Integration/stackability options"
    case furtherInfo = "Further information"
    /// Not an Annex I element: the record key and the dimensions used only in statistics.
    case statistical = "Statistical dimension"
}
