internal import MCModel

/// Maps one Open Badges 2.0 `Assertion` onto canonical values (annex-i.md rule 20): the badge
/// inline as a `BadgeClass`, `recipient.identity` as the learner id (hashed or not), `issuedOn`,
/// the badge's `issuer` profile; Edubadges' OB 2.0 extensions (`extensions:ECTSExtension`, …)
/// where present. A badge given only by URL cannot be read offline: the record is rejected
/// `missing_title`, with a hint that says so.
package enum OpenBadges2Mapper {
    package static func map(_ root: JSONCursor, record: Int) -> RecordBuilder {
        var builder = RecordBuilder()
        builder.set(.credentialId, root["id"]?.text, at: root["id"]?.location)
        let recipient = root["recipient"]?.one
        let identity = JSONCursor.first(recipient?["identity"], recipient?["id"])
        builder.set(.learnerId, identity?.text, at: identity?.location)

        let badge = root["badge"]
        guard let badge, badge.value.isObject else {
            // The record is rejected missing_title (after a missing credential id, rule order kept).
            if let badge, builder[.credentialId] != nil {
                builder.fail(ValidationIssue(record: record, line: nil, pointer: badge.pointer, field: .title, code: .missingTitle,
                                             severity: .error, message: "the title is missing: the badge is given only by its URL, which cannot be read offline (Annex I: Title of the micro-credential)",
                                             hint: "export the assertion with its BadgeClass inline (badge: {type: BadgeClass, name, issuer, …})"))
            }
            return builder
        }
        builder.set(.title, badge["name"]?.text, at: badge["name"]?.location)
        let issuer = JSONCursor.first(badge["issuer"]?.one, root["issuer"]?.one)
        if let issuer {
            builder.set(.awardingBodyId, issuer.value.isObject ? issuer.id : issuer.text, at: issuer.location)
            builder.set(.awardingBodyName, issuer["name"]?.text, at: issuer["name"]?.location)
            let address = issuer["address"]?.one
            if let country = JSONCursor.first(address?["addressCountryCode"], address?["addressCountry"]), let code = country.text {
                builder.set(.issuerCountry, list: [ConceptMap.country(code)], at: country.location)
            }
        }
        let countryCode = builder[.issuerCountry]?.parts(splitting: false).first
        if let date = JSONCursor.first(root["issuedOn"], root["issuanceDate"]), let text = date.text {
            builder.set(.issueDate, CivilDate.date(text, country: countryCode) ?? text, at: date.location)
        }

        let extensions = Extensions(badge)
        let alignments = badge["alignment"]?.many ?? []
        let aligned = alignments.compactMap { $0["targetName"]?.text }
        if let outcome = extensions["LearningOutcome"], let text = outcome.text {
            builder.set(.learningOutcomes, list: [text], at: outcome.location)
        } else if !aligned.isEmpty {
            builder.set(.learningOutcomes, list: aligned, at: badge["alignment"]?.location)
        } else if let narrative = JSONCursor.first(badge["criteria"]?.one?["narrative"], badge["description"]), let text = narrative.text {
            builder.set(.learningOutcomes, list: [text], at: narrative.location)
        }
        if let ects = extensions["ECTS"] { builder.set(.ects, ects.text, at: ects.location) }
        if let hours = JSONCursor.first(extensions["StudyLoad"], extensions["SBU"]) { builder.set(.workloadHours, hours.text, at: hours.location) }
        if let eqf = extensions["EQF"] { builder.set(.eqfLevel, eqf.text, at: eqf.location) }
        if let language = extensions["Language"], let text = language.text {
            builder.set(.language, LanguageCode.iso6391(text.replacingOccurrences(of: "_", with: "-")), at: language.location)
        }
        return builder
    }

    /// Edubadges-style OB 2.0 extensions of a badge class: `"extensions:ECTSExtension": {"ECTS": 2.5}`.
    struct Extensions {
        let badge: JSONCursor

        init(_ badge: JSONCursor) { self.badge = badge }

        /// The value named `key` inside any `extensions:…` member.
        subscript(key: String) -> JSONCursor? {
            for member in badge.value.members where member.key.hasPrefix("extensions:") {
                if let value = JSONCursor.first(badge[member.key]?[key]) { return value }
            }
            return nil
        }
    }
}
