internal import MCModel

/// Maps one ELM v3 JSON-LD credential (EDC; also the EBSI VC 2.0 variant, where any property may
/// be an array and language maps hold arrays, and the EBSI v1 Europass diploma, whose claim is
/// `credentialSubject.achieved[]`) onto canonical values, by the reading rules of annex-i.md.
package enum ELMJSONMapper {
    /// The record of `root`; of its award `claim` when it holds several (annex-i.md rule 24).
    package static func map(_ root: JSONCursor, record: Int, claim choice: ClaimChoice? = nil) -> RecordBuilder {
        var builder = RecordBuilder()
        let index = ObjectIndex(root)
        builder.set(.credentialId, choice.map { $0.credentialId(root["id"]?.text) } ?? root["id"]?.text, at: root["id"]?.location)
        builder.claim = choice?.origin

        let subject = root["credentialSubject"]?.one
        // Learner: subject id unless document-local, else identifier notation, else national id.
        // An id that is no value (an object) is absent, with a warning naming its shape (rule 26).
        let subjectId = subject?["id"]
        let subjectIdText = subjectId.flatMap { RecordBuilder.scalar($0.value) }
        if let subjectId, subjectId.isPresent, subjectIdText == nil {
            builder.noteUnreadable(.learnerId, shape: subjectId.value, record: record, at: subjectId.location)
        }
        if let id = subjectId, subjectIdText != nil, let text = id.text, !ConceptMap.isLocalId(text) {
            builder.set(.learnerId, text, at: id.location)
        } else if let notation = subject?["identifier"]?.many.lazy.compactMap({ $0["notation"] }).first(where: { $0.text != nil }) {
            builder.set(.learnerId, notation.text, at: notation.location)
        } else if let national = JSONCursor.first(subject?["nationalID"]?.one?["notation"], subject?["nationalId"]?.one?["notation"]) {
            builder.set(.learnerId, national.text, at: national.location)
        }
        let gender = subject?["gender"]?.one, citizenship = subject?["citizenshipCountry"]?.one
        builder.set(.learnerGender, gender?.concept.flatMap(ConceptMap.gender), at: gender?.location)
        builder.set(.learnerCitizenship, citizenship?.concept.map(ConceptMap.country), at: citizenship?.location)

        // The claim: the chosen award, else the first LearningAchievement, else the first claim
        // (EBSI v1: `achieved`).
        let claims = JSONCursor.first(subject?["hasClaim"], subject?["achieved"], subject?["learningAchievement"])?.many ?? []
        let awards = choice == nil ? [] : ClaimChoice.awards(in: subject)
        let claim = choice.flatMap { awards.indices.contains($0.ordinal - 1) ? awards[$0.ordinal - 1] : nil }
            ?? claims.first { $0.hasType("LearningAchievement") } ?? claims.first
        let spec = JSONCursor.first(claim?["specifiedBy"], subject?["learningSpecification"])?.one
        // An activity's specification states neither the workload nor the form of participation.
        let achievementSpec = spec?.hasType("LearningActivitySpecification") == true ? nil : spec
        let title = JSONCursor.first(claim?["title"], spec?["title"])
        if let title, !isText(title.value) {
            builder.noteUnreadable(.title, shape: title.value, record: record, at: title.location)
        } else {
            builder.set(.title, title?.text, at: title?.location)
        }

        // Awarding bodies (references resolved within the credential).
        let awarding = JSONCursor.first(claim?["awardedBy"], claim?["wasAwardedBy"], subject?["awardingOpportunity"])?.one
        let written = awarding?["awardingBody"]?.many ?? []
        let bodies = written.map { index.resolve($0) }
        if let first = bodies.first {
            builder.set(.awardingBodyId, organisationId(first), at: first.location)
            let name = JSONCursor.first(first["legalName"], first["preferredName"], first["prefLabel"])
            builder.set(.awardingBodyName, name?.text, at: name?.location)
        }
        // Countries (rules 4 and 17): the awarding bodies', else the claim's awarding location,
        // else the issuer's.
        var countries: [String] = []
        var countryAt: SourceLocation?
        func add(_ found: [(String, SourceLocation)]) {
            for (code, location) in found where !countries.contains(code) {
                countries.append(code)
                countryAt = countryAt ?? location
            }
        }
        // A body written out with its own location counts where it says: the same organisation
        // elsewhere (a sealed issuer node with an extra location) adds no country to it.
        for (body, resolved) in zip(written, bodies) { add(countryCodes(of: body["location"]?.isPresent == true ? body : resolved)) }
        if countries.isEmpty { add(spatialCodes(awarding?["location"])) }
        if countries.isEmpty, let issuer = root["issuer"]?.one { add(countryCodes(of: index.resolve(issuer))) }
        builder.set(.issuerCountry, list: countries, at: countryAt)
        // Birth dates are often CET midnight written in UTC (`1999-10-01T22:00:00Z`): take the civil date.
        if let birthNode = subject?["dateOfBirth"], let birth = birthNode.text {
            builder.set(.learnerBirthYear, CivilDate.date(birth, country: countries.first).map { String($0.prefix(4)) } ?? birth, at: birthNode.location)
        }

        // Date of issuing: the first present of the sources of rule 5 (null and "" are absent).
        let date = JSONCursor.first(root["issued"], root["issuanceDate"], root["validFrom"], awarding?["awardingDate"])
        builder.set(.issueDate, one: date, record: record) { CivilDate.date($0, country: countries.first) }

        // Learning outcomes: titles of learningOutcome[], else the summary as one outcome.
        let outcomes = spec?["learningOutcome"]?.many.compactMap { $0["title"]?.text } ?? []
        if !outcomes.isEmpty {
            builder.set(.learningOutcomes, list: outcomes, at: spec?["learningOutcome"]?.location)
        } else if let summary = spec?["learningOutcomeSummary"], let text = summary.text {
            builder.set(.learningOutcomes, list: [text], at: summary.location)
        }

        // Workload: ECTS credit points only (EBSI v1: `ectsCreditPoints`); volume of learning in hours.
        if let credit = spec?["creditPoint"]?.many.first(where: { $0["framework"]?.one?.concept.map(ConceptMap.isECTS) == true }),
           let point = credit["point"] {
            builder.set(.ects, one: point, record: record)
        } else if let points = JSONCursor.first(spec?["ectsCreditPoints"], spec?["eCTSCreditPoints"], spec?["ECTSCreditPoints"]) {
            builder.set(.ects, one: points, record: record)
        }
        if let volume = achievementSpec?["volumeOfLearning"], volume.isPresent {
            builder.set(.workloadHours, one: volume, record: record) { CivilDate.hours($0).map(String.init) }
            builder.checkWorkload(record: record, location: volume.location)
        }
        // EBSI v1 wallets (walt.id among them) also write the level as `eqflLevel`.
        if let eqf = JSONCursor.first(spec?["eqfLevel"], spec?["eqflLevel"])?.one, let concept = eqf.concept {
            builder.set(.eqfLevel, ConceptMap.eqf(concept) ?? concept, at: eqf.location)
        }

        // Participation: the first of the specification's modes that names a form (rule 25);
        // else a volunteering activity.
        let modes = (achievementSpec?["mode"]?.many ?? []).compactMap { mode in mode.id.map { (mode, $0) } }
        if let (form, index) = ConceptMap.participation(modes: modes.map { ($0.1, $0.0["prefLabel"]?.text) }) {
            builder.set(.participationForm, form, at: modes[index].0.location)
        } else {
            // Activities: the claim's, sibling activity claims (the claim itself among them when
            // its specification is an activity's).
            var activities = (claim?["influencedBy"]?.many ?? []) + claims.filter { $0.hasType("LearningActivity") }
            if let claim, spec != nil, achievementSpec == nil, !claim.hasType("LearningActivity") { activities.append(claim) }
            if let volunteering = activities.lazy.compactMap({ $0["specifiedBy"]?.one?["dcType"]?.many.first { $0.id == ConceptMap.volunteering } }).first {
                builder.set(.participationForm, "volunteering", at: volunteering.location)
            }
        }

        // Assessment, supervision and grade: the first provenBy assessment.
        let assessment = claim?["provenBy"]?.one
        let assessmentSpec = assessment?["specifiedBy"]?.one
        if let type = assessmentSpec?["dcType"]?.one, let id = type.id {
            builder.set(.assessmentType, ConceptMap.assessment(id, label: type["prefLabel"]?.text), at: type.location)
        }
        if let verification = assessment?["idVerification"]?.one, let method = verification.concept {
            let online = assessmentSpec?["mode"]?.one?.id.flatMap { ConceptMap.id($0, in: "learning-assessment") } == "920fbb3cbe"
            builder.set(.supervision, ConceptMap.supervision(method, online: online) ?? method, at: verification.location)
        }
        let grade = assessment?["grade"]?.one?["noteLiteral"]
        builder.set(.grade, grade?.text, at: grade?.location)

        // Quality assurance: institutional or programme QA on the specification or an awarding body.
        let accreditations = (spec?["accreditation"]?.many ?? []) + bodies.flatMap { $0["accreditation"]?.many ?? [] }
        if let external = accreditations.first(where: { index.resolve($0)["dcType"]?.many.contains { $0.id.map(ConceptMap.isExternalQA) ?? false } ?? false }) {
            builder.set(.qualityAssurance, "external", at: external.location)
        }

        let prerequisites = spec?["entryRequirement"]?.one?["noteLiteral"]
        builder.set(.prerequisites, prerequisites?.text, at: prerequisites?.location)
        if let partial = spec?["isPartialQualification"], partial.text?.lowercased() == "true" {
            builder.set(.stackability, "stackable", at: partial.location)
        } else if let partOf = claim?["isPartOf"] {
            builder.set(.stackability, "stackable", at: partOf.location)
        }
        let area = spec?["thematicArea"]?.one, language = spec?["language"]?.one
        builder.set(.iscedF, area?.id.flatMap(ConceptMap.isced), at: area?.location)
        builder.set(.language, language?.concept.flatMap(LanguageCode.iso6391), at: language?.location)
        return builder
    }

    /// Countries of an organisation, as alpha-2 (unknown codes kept), with where each was found,
    /// in the order of rule 17: `location[].address[].countryCode`, `location[].spatial`,
    /// `eIDASIdentifier.spatial` / `legalIdentifier.spatial`, `registration.spatial`. A concept
    /// counts by its URI or its notation (rule 16).
    static func countryCodes(of organisation: JSONCursor) -> [(String, SourceLocation)] {
        let locations = organisation["location"]?.many ?? []
        let addressed = locations.flatMap { $0["address"]?.many ?? [] }.compactMap { $0["countryCode"]?.one }
        let spatial = locations.compactMap { $0["spatial"]?.one }
        let identifiers = ["eIDASIdentifier", "legalIdentifier", "registration"].compactMap { organisation[$0]?.one?["spatial"]?.one }
        for group in [addressed, spatial, identifiers] {
            let codes = group.compactMap { concept in concept.concept.map { (ConceptMap.country($0), concept.location) } }
            if !codes.isEmpty { return codes }
        }
        return []
    }

    /// The countries of `location[].spatial` (a claim's `awardedBy.location`).
    static func spatialCodes(_ locations: JSONCursor?) -> [(String, SourceLocation)] {
        (locations?.many ?? []).compactMap { $0["spatial"]?.one }.compactMap { concept in
            concept.concept.map { (ConceptMap.country($0), concept.location) }
        }
    }

    /// An organisation's id (rules 3 and 17): its own unless document-local, else its
    /// `eIDASIdentifier` / `legalIdentifier` notation, else its first identifier notation, else its
    /// registration, else its legal name.
    static func organisationId(_ organisation: JSONCursor) -> String? {
        guard organisation.value.isObject else { return organisation.text }   // a bare id (EBSI v1)
        if let id = organisation.id, !ConceptMap.isLocalId(id) { return id }
        for key in ["eIDASIdentifier", "legalIdentifier", "eidasLegalIdentifier"] {
            if let notation = organisation[key]?.one?["notation"]?.text { return notation }
        }
        let identities = organisation["identifier"]?.many.lazy.filter { !ConceptMap.namesACategory(scheme: JSONCursor.first($0["schemeName"], $0["schemeID"], $0["schemeId"])?.text) }
        if let notation = identities?.compactMap({ $0["notation"]?.text }).first { return notation }
        if let registration = organisation["registration"]?.one {
            if let notation = registration.value.isObject ? registration["notation"]?.text : registration.text { return notation }
        }
        return JSONCursor.first(organisation["legalName"], organisation["preferredName"])?.text
    }

    /// Whether `value` is a text as ELM writes one (annex-i.md rule 26): a value, a language map,
    /// a JSON-LD value object, a `noteLiteral`, or an array holding one of them. Anything else
    /// (an object of other keys) is present but no text.
    static func isText(_ value: JSONValue) -> Bool {
        if RecordBuilder.scalar(value) != nil || RecordBuilder.isLanguageMap(value) || value["noteLiteral"] != nil { return true }
        if case .array(let items) = value { return items.contains { isText($0) } }
        return false
    }
}

/// Every object of a credential by `id`, keeping the fullest one, so that a bare reference
/// (`{"id": "urn:epass:org:1"}`) resolves to the organisation described elsewhere.
struct ObjectIndex {
    private var objects: [String: JSONCursor] = [:]

    init(_ root: JSONCursor) {
        var visited = Set<String>()   // graph references may form cycles
        func walk(_ cursor: JSONCursor) {
            guard visited.insert(cursor.pointer).inserted else { return }
            switch cursor.value {
            case .object(let members):
                if let id = cursor.id, members.count > (objects[id].map { $0.value.members.count } ?? 0) { objects[id] = cursor }
                for member in members { if let child = cursor[member.key] { walk(child) } }
            case .array:
                for item in cursor.many { walk(item) }
            default: break
            }
        }
        walk(root)
    }

    /// The fullest object with the same id, or `cursor` itself.
    func resolve(_ cursor: JSONCursor) -> JSONCursor {
        guard let id = cursor.id ?? (cursor.value.isObject ? nil : cursor.text), let full = objects[id] else { return cursor }
        return full.value.members.count > cursor.value.members.count ? full : cursor
    }
}
