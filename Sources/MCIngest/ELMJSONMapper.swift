import MCModel

/// Maps one ELM v3 JSON-LD credential (EDC; also the EBSI VC 2.0 variant, where any property may
/// be an array and language maps hold arrays) onto canonical values, by the reading rules of
/// annex-i.md.
public enum ELMJSONMapper {
    public static func map(_ root: JSONCursor, record: Int) -> RecordBuilder {
        var builder = RecordBuilder()
        let index = ObjectIndex(root)
        builder.set(.credentialId, root["id"]?.text, at: root["id"]?.location)

        let subject = root["credentialSubject"]?.one
        // Learner: subject id unless document-local, else identifier notation, else national id.
        if let id = subject?["id"], let text = id.text, !ConceptMap.isLocalId(text) {
            builder.set(.learnerId, text, at: id.location)
        } else if let notation = subject?["identifier"]?.many.lazy.compactMap({ $0["notation"] }).first(where: { $0.text != nil }) {
            builder.set(.learnerId, notation.text, at: notation.location)
        } else if let national = JSONCursor.first(subject?["nationalID"]?.one?["notation"], subject?["nationalId"]?.one?["notation"]) {
            builder.set(.learnerId, national.text, at: national.location)
        }
        builder.set(.learnerGender, subject?["gender"]?.one?.id.flatMap(ConceptMap.gender))
        builder.set(.learnerCitizenship, subject?["citizenshipCountry"]?.one?.id.map(ConceptMap.country))

        // The claim: the first LearningAchievement, else the first claim.
        let claims = subject?["hasClaim"]?.many ?? []
        let claim = claims.first { $0.hasType("LearningAchievement") } ?? claims.first
        let spec = claim?["specifiedBy"]?.one
        // An activity's specification states neither the workload nor the form of participation.
        let achievementSpec = spec?.hasType("LearningActivitySpecification") == true ? nil : spec
        let title = JSONCursor.first(claim?["title"], spec?["title"])
        builder.set(.title, title?.text, at: title?.location)

        // Awarding bodies (references resolved within the credential).
        let awarding = claim?["awardedBy"]?.one
        let bodies = (awarding?["awardingBody"]?.many ?? []).map { index.resolve($0) }
        if let first = bodies.first {
            builder.set(.awardingBodyId, organisationId(first), at: first.location)
            builder.set(.awardingBodyName, first["legalName"]?.text)
        }
        var countries: [String] = []
        for body in bodies { for code in countryCodes(of: body) where !countries.contains(code) { countries.append(code) } }
        if countries.isEmpty, let issuer = root["issuer"]?.one { countries = countryCodes(of: index.resolve(issuer)) }
        builder.set(.issuerCountry, list: countries, at: bodies.first?.location)
        // Birth dates are often CET midnight written in UTC (`1999-10-01T22:00:00Z`): take the civil date.
        if let birth = subject?["dateOfBirth"]?.text {
            builder.set(.learnerBirthYear, CivilDate.date(birth, country: countries.first).map { String($0.prefix(4)) } ?? birth)
        }

        // Date of issuing: the first present of the sources of rule 5 (null and "" are absent).
        let date = JSONCursor.first(root["issued"], root["issuanceDate"], root["validFrom"], awarding?["awardingDate"])
        if let date, let text = date.text {
            builder.set(.issueDate, CivilDate.date(text, country: countries.first) ?? text, at: date.location)
        }

        // Learning outcomes: titles of learningOutcome[], else the summary as one outcome.
        let outcomes = spec?["learningOutcome"]?.many.compactMap { $0["title"]?.text } ?? []
        if !outcomes.isEmpty {
            builder.set(.learningOutcomes, list: outcomes, at: spec?["learningOutcome"]?.location)
        } else if let summary = spec?["learningOutcomeSummary"], let text = summary.text {
            builder.set(.learningOutcomes, list: [text], at: summary.location)
        }

        // Workload: ECTS credit points only; volume of learning in hours.
        if let credit = spec?["creditPoint"]?.many.first(where: { $0["framework"]?.one?.concept.map(ConceptMap.isECTS) == true }),
           let point = credit["point"] {
            builder.set(.ects, point.text, at: point.location)
        }
        if let volume = achievementSpec?["volumeOfLearning"], let text = volume.text {
            builder.set(.workloadHours, CivilDate.hours(text).map(String.init) ?? text, at: volume.location)
            builder.checkWorkload(record: record, location: volume.location)
        }
        if let eqf = spec?["eqfLevel"]?.one, let id = eqf.id {
            builder.set(.eqfLevel, ConceptMap.eqf(id) ?? id, at: eqf.location)
        }

        // Participation: the specification's mode; else a volunteering activity.
        if let mode = achievementSpec?["mode"]?.one, let id = mode.id {
            builder.set(.participationForm, ConceptMap.participation(mode: id, label: mode["prefLabel"]?.text), at: mode.location)
        } else {
            // Activities: the claim's, sibling activity claims (the claim itself among them when
            // its specification is an activity's).
            var activities = (claim?["influencedBy"]?.many ?? []) + claims.filter { $0.hasType("LearningActivity") }
            if let claim, spec != nil, achievementSpec == nil, !claim.hasType("LearningActivity") { activities.append(claim) }
            if activities.contains(where: { ($0["specifiedBy"]?.one?["dcType"]?.many ?? []).contains { $0.id == ConceptMap.volunteering } }) {
                builder.set(.participationForm, "volunteering")
            }
        }

        // Assessment, supervision and grade: the first provenBy assessment.
        let assessment = claim?["provenBy"]?.one
        let assessmentSpec = assessment?["specifiedBy"]?.one
        if let type = assessmentSpec?["dcType"]?.one, let id = type.id {
            builder.set(.assessmentType, ConceptMap.assessment(id, label: type["prefLabel"]?.text), at: type.location)
        }
        if let method = assessment?["idVerification"]?.one?.id {
            let online = assessmentSpec?["mode"]?.one?.id.flatMap { ConceptMap.id($0, in: "learning-assessment") } == "920fbb3cbe"
            builder.set(.supervision, ConceptMap.supervision(method, online: online) ?? method)
        }
        builder.set(.grade, assessment?["grade"]?.one?["noteLiteral"]?.text)

        // Quality assurance: institutional or programme QA on the specification or an awarding body.
        let accreditations = (spec?["accreditation"]?.many ?? []) + bodies.flatMap { $0["accreditation"]?.many ?? [] }
        if accreditations.contains(where: { index.resolve($0)["dcType"]?.many.contains { $0.id.map(ConceptMap.isExternalQA) ?? false } ?? false }) {
            builder.set(.qualityAssurance, "external")
        }

        builder.set(.prerequisites, spec?["entryRequirement"]?.one?["noteLiteral"]?.text)
        if let partial = spec?["isPartialQualification"]?.text?.lowercased(), partial == "true" {
            builder.set(.stackability, "stackable")
        } else if claim?["isPartOf"] != nil {
            builder.set(.stackability, "stackable")
        }
        builder.set(.iscedF, spec?["thematicArea"]?.one?.id.flatMap(ConceptMap.isced))
        builder.set(.language, spec?["language"]?.one?.id.flatMap(ConceptMap.language))
        return builder
    }

    /// Countries of an organisation's locations, as alpha-2 (unknown codes kept).
    static func countryCodes(of organisation: JSONCursor) -> [String] {
        var codes: [String] = []
        for location in organisation["location"]?.many ?? [] {
            for address in location["address"]?.many ?? [] {
                if let id = address["countryCode"]?.one?.id {
                    let code = ConceptMap.country(id)
                    if !codes.contains(code) { codes.append(code) }
                }
            }
        }
        return codes
    }

    /// An organisation's id: its own unless document-local, else its first identifier notation,
    /// else its registration, else its legal name.
    static func organisationId(_ organisation: JSONCursor) -> String? {
        if let id = organisation.id, !ConceptMap.isLocalId(id) { return id }
        if let notation = organisation["identifier"]?.many.lazy.compactMap({ $0["notation"]?.text }).first { return notation }
        if let registration = organisation["registration"]?.one {
            return registration["notation"]?.text ?? (registration.value.isObject ? nil : registration.text)
        }
        return organisation["legalName"]?.text
    }
}

/// Every object of a credential by `id`, keeping the fullest one, so that a bare reference
/// (`{"id": "urn:epass:org:1"}`) resolves to the organisation described elsewhere.
struct ObjectIndex {
    private var objects: [String: JSONCursor] = [:]

    init(_ root: JSONCursor) {
        func walk(_ cursor: JSONCursor) {
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
