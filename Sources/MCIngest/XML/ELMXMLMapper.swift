internal import MCModel

/// Maps one ELM v2 `europassCredential` element onto canonical values, following the reading
/// rules of annex-i.md. idrefs resolve inside the credential only (every credential of a batch
/// reuses ids like `urn:epass:org:1`); references may come before or after their use.
package enum ELMXMLMapper {
    /// The record of `credential`; of its award `claim` when it holds several (annex-i.md rule 24).
    package static func map(_ credential: XMLElement, record: Int, claim choice: ClaimChoice? = nil) -> RecordBuilder {
        var builder = RecordBuilder()
        let ids = credential.tree.idTable(under: credential)
        func resolve(_ node: XMLElement?) -> XMLElement? {
            guard let node else { return nil }
            if let ref = node.attribute("idref") { return ids.element(withID: ref) }
            return node
        }
        func at(_ node: XMLElement?) -> SourceLocation? { node.map { SourceLocation(line: $0.line) } }

        builder.set(.credentialId, choice.map { $0.credentialId(credential.attribute("id")) } ?? credential.attribute("id"), at: at(credential))
        builder.claim = choice?.origin

        let subject = credential.child("credentialSubject")
        // Learner: @id unless document-local, else identifier, else nationalId.
        let learner = [subject?.attribute("id")].compactMap { $0 }.filter { !ConceptMap.isLocalId($0) && !$0.isEmpty }.first
            ?? subject?.children("identifier").lazy.compactMap(\.nonBlankText).first
            ?? subject?.child("nationalId").map { $0.trimmedText }
        builder.set(.learnerId, learner.flatMap { $0.isEmpty ? nil : $0 }, at: at(subject))
        builder.set(.learnerGender, subject?.child("gender")?.attribute("uri").flatMap(ConceptMap.gender), at: at(subject?.child("gender")))
        builder.set(.learnerCitizenship, subject?.child("citizenshipCountry")?.attribute("uri").map(ConceptMap.country),
                    at: at(subject?.child("citizenshipCountry")))

        let awards = choice == nil ? [] : ClaimChoice.awards(in: subject)
        let achievement = choice.flatMap { awards.indices.contains($0.ordinal - 1) ? awards[$0.ordinal - 1] : nil }
            ?? subject?.path("achievements", "learningAchievement")
        builder.set(.title, achievement?.child("title")?.localizedText, at: at(achievement?.child("title")))

        // Awarding bodies: wasAwardedBy → awardingProcess → awardingBody idrefs → organization.
        let process = resolve(achievement?.child("wasAwardedBy"))
        let bodies = (process?.children("awardingBody") ?? []).compactMap(resolve)
        if let first = bodies.first {
            builder.set(.awardingBodyId, organisationId(first), at: at(first))
            let name = first.child("prefLabel") ?? first.child("preferredName")
            builder.set(.awardingBodyName, name?.localizedText, at: at(name))
        }
        var countries: [String] = []
        var countryNode: XMLElement?
        for body in bodies {
            for (node, uri) in countryCodes(of: body) where !countries.contains(ConceptMap.country(uri)) {
                countries.append(ConceptMap.country(uri))
                countryNode = countryNode ?? node
            }
        }
        if countries.isEmpty, let issuer = resolve(credential.child("issuer")), let (node, uri) = countryCodes(of: issuer).first {
            countries = [ConceptMap.country(uri)]
            countryNode = node
        }
        builder.set(.issuerCountry, list: countries, at: at(countryNode ?? bodies.first))
        if let birth = subject?.child("dateOfBirth")?.nonBlankText {
            builder.set(.learnerBirthYear, CivilDate.date(birth, country: countries.first).map { String($0.prefix(4)) } ?? birth,
                        at: at(subject?.child("dateOfBirth")))
        }

        // Date of issuing: cred:issued, else cred:validFrom, else awardingProcess/date.
        let dateNode = [credential.child("issued"), credential.child("validFrom"), process?.child("date")]
            .lazy.compactMap { $0 }.first { $0.hasText }
        if let dateNode {
            let text = dateNode.trimmedText
            builder.set(.issueDate, CivilDate.date(text, country: countries.first) ?? text, at: at(dateNode))
        }

        let spec = resolve(achievement?.child("specifiedBy"))
        // Learning outcomes: only those the specification references, with a non-blank prefLabel.
        let outcomes = (spec?.child("learningOutcomes")?.children("learningOutcome") ?? [])
            .compactMap(resolve).compactMap { $0.child("prefLabel")?.localizedText }
        builder.set(.learningOutcomes, list: outcomes, at: at(spec?.child("learningOutcomes")))

        // Workload.
        if let ects = spec?.child("hasECTSCreditPoints") {
            builder.set(.ects, ects.trimmedText, at: at(ects))
        } else if let credits = spec?.children("hasCreditPoints").first(where: { node in
            [node.attribute("schemeID"), node.attribute("framework"), node.attribute("uri"), node.attribute("targetFrameworkUrl")]
                .contains { $0.map(ConceptMap.isECTS) == true } }) {
            builder.set(.ects, credits.trimmedText, at: at(credits))
        }
        if let volume = spec?.child("volumeOfLearning") {
            let text = volume.trimmedText
            builder.set(.workloadHours, CivilDate.hours(text).map(String.init) ?? text, at: at(volume))
            builder.checkWorkload(record: record, location: at(volume)!)
        }
        builder.set(.eqfLevel, spec?.child("eqfLevel")?.attribute("uri").map { ConceptMap.eqf($0) ?? $0 }, at: at(spec?.child("eqfLevel")))

        // Participation: the first of the specification's modes that names a form (rule 25),
        // else a volunteering activity.
        let modes = (spec?.children("mode") ?? []).compactMap { mode in mode.attribute("uri").map { (mode, $0) } }
        if let (form, index) = ConceptMap.participation(modes: modes.map { ($0.1, $0.0.child("targetName")?.localizedText) }) {
            builder.set(.participationForm, form, at: at(modes[index].0))
        } else {
            let activities = (achievement?.children("wasInfluencedBy") ?? []).compactMap { resolve($0.child("specifiedBy")) }
            if activities.contains(where: { $0.child("type")?.attribute("uri") == ConceptMap.volunteering }) {
                builder.set(.participationForm, "volunteering", at: at(achievement?.child("wasInfluencedBy")))
            }
        }

        // Assessment and supervision: the first wasDerivedFrom.
        let assessment = achievement?.child("wasDerivedFrom")
        let assessmentSpec = resolve(assessment?.child("specifiedBy"))
        if let type = assessmentSpec?.child("type"), let uri = type.attribute("uri") {
            builder.set(.assessmentType, ConceptMap.assessment(uri, label: type.child("targetName")?.localizedText), at: at(type))
        }
        if let method = assessment?.child("idVerificationMethod")?.attribute("uri") {
            let online = assessmentSpec?.child("mode")?.attribute("uri").flatMap { ConceptMap.id($0, in: "learning-assessment") } == "920fbb3cbe"
            builder.set(.supervision, ConceptMap.supervision(method, online: online) ?? method, at: at(assessment?.child("idVerificationMethod")))
        }
        builder.set(.grade, assessment?.child("grade")?.localizedText, at: at(assessment?.child("grade")))

        // Quality assurance: an institutional or programme QA accreditation on the
        // specification or on an awarding body.
        let accreditations = ((spec?.children("hasAccreditation") ?? []) + bodies.flatMap { $0.children("hasAccreditation") })
            .compactMap(resolve)
        if let external = accreditations.first(where: { ($0.child("type")?.attribute("uri")).map(ConceptMap.isExternalQA) ?? false }) {
            builder.set(.qualityAssurance, "external", at: at(external))
        }

        builder.set(.prerequisites, spec?.child("entryRequirementsNote")?.localizedText, at: at(spec?.child("entryRequirementsNote")))
        if spec?.child("isPartialQualification")?.trimmedText.lowercased() == "true" {
            builder.set(.stackability, "stackable", at: at(spec?.child("isPartialQualification")))
        }
        builder.set(.iscedF, spec?.child("hasISCED-FCode")?.attribute("uri").flatMap(ConceptMap.isced), at: at(spec?.child("hasISCED-FCode")))
        builder.set(.language, spec?.child("language")?.attribute("uri").flatMap(LanguageCode.iso6391), at: at(spec?.child("language")))
        return builder
    }

    /// One choice per learning achievement the subject holds directly, when there are several
    /// (their `hasPart` achievements are parts, never records); nil for one record.
    static func choices(_ credential: XMLElement) -> [ClaimChoice]? {
        ClaimChoice.choices(ClaimChoice.awards(in: credential.child("credentialSubject"))) { index, award in
            "credentialSubject/achievements/learningAchievement[\(index + 1)], line \(award.line)"
        }
    }

    /// An organisation's countries with the element each was found on (rule 17): its address's
    /// country, else its location's spatial code (2020 draft), else its registration's or legal
    /// identifier's `@spatialID`.
    static func countryCodes(of organisation: XMLElement) -> [(XMLElement, String)] {
        let locations = organisation.children("hasLocation")
        let addressed = locations.compactMap { $0.child("hasAddress")?.child("country") }.compactMap { node in node.attribute("uri").map { (node, $0) } }
        if !addressed.isEmpty { return addressed }
        let spatial = locations.compactMap { $0.child("spatialCode") }.compactMap { node in node.attribute("uri").map { (node, $0) } }
        if !spatial.isEmpty { return spatial }
        return (organisation.children("registration") + organisation.children("legalIdentifier")).compactMap { node in
            (node.attribute("spatialID") ?? node.attribute("spatialId")).map { (node, $0) }
        }
    }

    /// An organisation's id: its own unless document-local, else its first identifier, else its
    /// registration, else its name.
    static func organisationId(_ organisation: XMLElement) -> String? {
        if let id = organisation.attribute("id"), !ConceptMap.isLocalId(id), !id.isEmpty { return id }
        let identities = organisation.children("identifier").filter { identifier in
            !ConceptMap.namesACategory(scheme: identifier.attribute("schemeName") ?? identifier.attribute("schemeID") ?? identifier.attribute("schemeId"))
        }
        for candidate in organisation.children("legalIdentifier") + identities + organisation.children("registration") {
            let text = candidate.trimmedText
            if !text.isEmpty { return text }
        }
        return (organisation.child("prefLabel") ?? organisation.child("preferredName"))?.localizedText
    }
}
