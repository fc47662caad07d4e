internal import MCModel

/// Maps one Open Badges 3.0 `OpenBadgeCredential` (with the Edubadges extension fields where
/// present) onto canonical values, by the reading rules of annex-i.md.
package enum OpenBadgesMapper {
    package static func map(_ root: JSONCursor, record: Int) -> RecordBuilder {
        var builder = RecordBuilder()
        builder.set(.credentialId, root["id"]?.text, at: root["id"]?.location)
        let subject = root["credentialSubject"]?.one
        if let id = subject?["id"], id.isPresent {
            builder.set(.learnerId, one: id, record: record)
        } else if let hash = subject?["identifier"]?.many.lazy.compactMap({ $0["identityHash"] }).first(where: { $0.text != nil }) {
            builder.set(.learnerId, hash.text, at: hash.location)
        }
        let achievement = subject?["achievement"]?.one
        builder.set(.title, achievement?["name"]?.text, at: achievement?["name"]?.location)

        let issuer = root["issuer"]?.one
        let issuerId = issuer.flatMap { $0.value.isObject ? $0.id : $0.text }
        builder.set(.awardingBodyId, issuerId, at: issuer?.location)
        builder.set(.awardingBodyName, issuer?["name"]?.text, at: issuer?["name"]?.location)
        let address = issuer?["address"]?.one
        let country = JSONCursor.first(address?["addressCountryCode"], address?["addressCountry"])
        let countryCode = country?.text.map(ConceptMap.country)
        builder.set(.issuerCountry, list: countryCode.map { [$0] } ?? [], at: country?.location)

        let date = JSONCursor.first(root["validFrom"], root["issuanceDate"], root["awardedDate"])
        builder.set(.issueDate, one: date, record: record) { CivilDate.date($0, country: countryCode) }

        // Outcomes: Edubadges learningOutcome titles, else non-extension alignments, else the
        // criteria narrative or description as one outcome.
        let alignments = achievement?["alignment"]?.many ?? []
        let edubadges = achievement?["learningOutcome"]?.many.compactMap { $0["title"]?.text } ?? []
        let aligned = alignments.filter { !($0["targetType"]?.text?.hasPrefix("ext:") ?? false) }.compactMap { $0["targetName"]?.text }
        if !edubadges.isEmpty {
            builder.set(.learningOutcomes, list: edubadges, at: achievement?["learningOutcome"]?.location)
        } else if !aligned.isEmpty {
            builder.set(.learningOutcomes, list: aligned, at: achievement?["alignment"]?.location)
        } else if let narrative = JSONCursor.first(achievement?["criteria"]?.one?["narrative"], achievement?["description"]), let text = narrative.text {
            builder.set(.learningOutcomes, list: [text], at: narrative.location)
        }

        builder.set(.ects, one: JSONCursor.first(achievement?["ECTS"], achievement?["creditsAvailable"]), record: record)
        // Rule 18: Edubadges SBU (Dutch study-load hours), else timeInvestment, in hours (PT40H read too).
        let hours = JSONCursor.first(achievement?["SBU"], achievement?["timeInvestment"])
        builder.set(.workloadHours, one: hours, record: record) { CivilDate.hours($0).map(String.init) }
        if let hours { builder.checkWorkload(record: record, location: hours.location) }
        builder.set(.eqfLevel, one: alignments.first(where: { $0["targetType"]?.text == "ext:EQF" })?["targetCode"], record: record)
        if let qa = alignments.first(where: { $0["targetType"]?.text == "ext:QualityAssurance" }) {
            builder.set(.qualityAssurance, "external", at: qa.location)
        }
        if let participation = achievement?["participationType"], let text = participation.text {
            builder.set(.participationForm, OpenBadgesMapper.participation[text.lowercased()] ?? text, at: participation.location)
        }
        if let assessment = achievement?["assessmentType"], let text = assessment.text {
            builder.set(.assessmentType, OpenBadgesMapper.assessment[text.lowercased()] ?? text, at: assessment.location)
        }
        if let supervision = achievement?["supervisionType"], let text = supervision.text {
            builder.set(.supervision, OpenBadgesMapper.supervision(text), at: supervision.location)
        }
        let grade = subject?["result"]?.many.lazy.compactMap { $0["value"] }.first { $0.text != nil }
        builder.set(.grade, grade?.text, at: grade?.location)
        let language = achievement?["inLanguage"]
        builder.set(.language, language?.text.flatMap(LanguageCode.iso6391), at: language?.location)
        return builder
    }

    /// Edubadges `participationType` → participation form.
    static let participation: [String: String] = [
        "online": "online", "onsite or blended": "blended", "volunteering": "volunteering", "work experience": "work-based",
        "onsite": "onsite", "blended": "blended",
    ]

    /// Edubadges `assessmentType` → assessment code.
    static let assessment: [String: String] = [
        "portfolio": "portfolio", "recognition of prior learning": "prior-learning",
        "application of a skill": "practical", "testing": "other",
    ]

    /// Edubadges `supervisionType` (the Annex I phrasings) → supervision code.
    static func supervision(_ text: String) -> String {
        let lower = text.lowercased()
        if lower.contains("unsupervised") { return lower.contains("with identity") ? "unsupervised-id" : "unsupervised-no-id" }
        if lower.contains("no identity") || lower.contains("without identity") { return "supervised-no-id" }
        if lower.contains("online") { return "supervised-online-id" }
        if lower.contains("onsite") || lower.contains("on-site") { return "supervised-onsite-id" }
        return text
    }
}
