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
        builder.set(.learnerId, one: identity, record: record)

        let badge = root["badge"]
        let issuer = JSONCursor.first(badge?["issuer"]?.one, root["issuer"]?.one)
        let address = issuer?.value.isObject == true ? issuer?["address"]?.one : nil
        let country = JSONCursor.first(address?["addressCountryCode"], address?["addressCountry"])
        let countryCode = country?.text.map(ConceptMap.country)
        // The date is the assertion's own, read whether or not the badge can be: an impossible
        // `"issuedOn": "2015-04-31"` is a bad date, never a missing one (rule 26). Open Badges 1.0
        // also allows a Unix timestamp.
        builder.set(.issueDate, one: JSONCursor.first(root["issuedOn"], root["issuanceDate"], root["issued_on"]), record: record) { text in
            let dateTime = text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } ? CompactJWS.isoDateTime(.number(text)) : text
            return dateTime.flatMap { CivilDate.date($0, country: countryCode) }
        }
        // A revoked assertion (`"revoked": true`) is kept but not counted; any other written
        // status reaches the rules as written (rule 27: bad_status).
        if let revoked = root["revoked"], revoked.isPresent {
            let text = revoked.value.text ?? revoked.value.written(limit: 200)
            builder.set(.status, text == "true" ? "revoked" : text == "false" ? "issued" : text, at: revoked.location)
        }
        guard let badge, badge.value.isObject else {
            // The record is rejected missing_title (after a missing credential id, rule order kept).
            if let badge, builder[.credentialId] != nil {
                builder.fail(ValidationIssue(record: record, line: nil, pointer: badge.pointer, field: .title, code: .missingTitle,
                                             severity: .error, message: "the title is missing: the badge is given only by its URL, which cannot be read offline (Annex I: Title of the micro-credential)",
                                             hint: "export the assertion with its BadgeClass inline (badge: {type: BadgeClass, name, issuer, …})"))
            }
            return builder
        }
        builder.set(.title, one: badge["name"], record: record)
        if let issuer {
            builder.set(.awardingBodyId, issuer.value.isObject ? issuer.id : issuer.text, at: issuer.location)
            builder.set(.awardingBodyName, issuer["name"]?.text, at: issuer["name"]?.location)
            if let country, let countryCode { builder.set(.issuerCountry, list: [countryCode], at: country.location) }
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
        builder.set(.ects, one: extensions["ECTS"], record: record)
        let hours = JSONCursor.first(extensions["StudyLoad"], extensions["SBU"])
        builder.set(.workloadHours, one: hours, record: record)
        if let hours { builder.checkWorkload(record: record, location: hours.location) }
        builder.set(.eqfLevel, one: extensions["EQF"], record: record)
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
