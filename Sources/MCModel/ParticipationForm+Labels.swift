/// The words that name each form of participation (canonical-csv.md step 4), shared by the
/// normalizer (CSV and canonical values) and the ELM readers, which map a mode concept outside
/// the EU list by its label (annex-i.md rule 25).
extension ParticipationForm {
    /// Lower-cased words → form, as canonical-csv.md step 4 lists them.
    package static let vocabulary: [String: ParticipationForm] = {
        let groups: [ParticipationForm: [String]] = [
            .online: ["online", "on-line", "on line", "distance", "distance learning", "e-learning", "elearning", "remote"],
            .onsite: ["onsite", "on-site", "on site", "face-to-face", "face to face", "in person", "in-person", "classroom"],
            .blended: ["blended", "blended learning", "hybrid"],
            .volunteering: ["volunteering", "volunteer"],
            .workBased: ["work-based", "work based", "work-based learning", "workplace"],
        ]
        var map: [String: ParticipationForm] = [:]
        for (form, words) in groups { for word in words { map[word] = form } }
        return map
    }()

    /// The EU mode concepts' own labels (`Presential`, `Workbased`), which the step-4 vocabulary
    /// does not list: a mode concept is read by them too, a CSV cell is not.
    static let conceptLabels: [String: ParticipationForm] = [
        "presential": .onsite, "workbased": .workBased, "online": .online, "blended": .blended,
    ]

    /// The vocabulary and the concept labels with spaces, hyphens and underscores taken out, so
    /// that `faceToFace` (an ELM v2 0.8 URI's last segment) finds `face to face`.
    static let squeezedLabels: [String: ParticipationForm] = {
        var map = conceptLabels
        for (word, form) in vocabulary { map[squeezed(word)] = form }
        return map
    }()

    static func squeezed(_ label: String) -> String {
        String(label.lowercased().unicodeScalars.filter { $0 != " " && $0 != "-" && $0 != "_" })
    }

    /// The form a mode concept's label (or a mode URI's last segment) names: by the step-4
    /// vocabulary, case-insensitively, then by the EU concepts' labels, ignoring spaces, hyphens,
    /// underscores and camel case. Nil when it names none (`Project based`).
    package static func named(byModeLabel label: String) -> ParticipationForm? {
        let trimmed = label.trimmingASCIIWhitespace()
        return vocabulary[trimmed.lowercased()] ?? squeezedLabels[squeezed(trimmed)]
    }
}
