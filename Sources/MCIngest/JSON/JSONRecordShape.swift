internal import MCModel

/// What a JSON record is, found from its keys and types (not from the file name).
enum JSONRecordShape {
    /// ELM v3 JSON-LD, or the EBSI v1 Europass diploma (`credentialSubject.achieved`); with the
    /// claim to read when the credential holds several awards (annex-i.md rule 24).
    case elm(JSONCursor, claim: ClaimChoice?)
    case openBadges(JSONCursor)
    /// An Open Badges 2.0 `Assertion`.
    case openBadges2(JSONCursor)
    case canonical(JSONCursor)
    /// An ELM v2 `europassCredential` found as base64 or text inside a JSON member, one record
    /// per award.
    case elmXML(XMLElement, claim: ClaimChoice?, pointer: String)
    /// A credential that is not an award (rule 23): named in a file-level warning, skipped.
    case notAward(SkippedCredential)
    case unknown(String)

    /// The records `cursor` holds: one, or one per credential of a verifiable presentation or
    /// per award of a credential, after unwrapping envelopes (annex-i.md rules 19, 22–24).
    static func shapes(_ cursor: JSONCursor) -> [JSONRecordShape] {
        if case .string(let text) = cursor.value, let found = shapes(ofText: text, at: cursor.pointer) { return found }
        guard cursor.value.isObject else { return [.unknown("a JSON \(kindName(cursor.value)), not an object")] }
        if isPlainCanonical(cursor.value) { return [.canonical(cursor)] }
        // Signed JWS JSON: the credential is the payload, a JSON string.
        if let payload = cursor["payload"], case .string(let text) = payload.value,
           cursor["signatures"] != nil || cursor["signature"] != nil || cursor["protected"] != nil {
            do {
                let inner = try JSONParser.parse(Array(text.utf8))
                return shapes(JSONCursor(inner, pointer: payload.pointer))
            } catch let failure as JSONParser.Failure {
                if let embedded = EmbeddedCredential.shapes(text, at: payload.pointer) { return embedded }
                return [.unknown("the signed payload is not valid JSON: \(failure.message)")]
            } catch {
                return [.unknown("the signed payload is not valid JSON")]
            }
        }
        // A batch of envelopes keyed by document (DC4EU's `{"100": {"meta": …, "document_data":
        // …}, …}`): each on its own.
        let members = cursor.value.members
        if !members.isEmpty, members.allSatisfy({ $0.value["document_data"] != nil }) {
            return members.compactMap { cursor[$0.key] }.flatMap(shapes)
        }
        // Envelopes that carry the credential as one member (rule 23): an object, a JSON string
        // holding JSON, a token or base64 text.
        if cursor["credentialSubject"] == nil {
            for key in ["credential", "elm", "document_data", "payload"] {
                guard let inner = cursor[key] else { continue }
                if inner.value.isObject { return shapes(inner) }
                if case .string(let text) = inner.value, let found = shapes(ofText: text, at: inner.pointer) { return found }
            }
        }
        // A verifiable presentation (ELM v2 also `presentedCredential`): each credential on its own.
        if cursor["credentialSubject"] == nil, let held = cursor["verifiableCredential"] ?? cursor["presentedCredential"] {
            let items = held.many
            if items.isEmpty { return [.unknown("a verifiable presentation holding no credential")] }
            return items.flatMap(shapes)
        }
        // Flattened JSON-LD: the roots are the nodes typed as credentials.
        if let graph = cursor["@graph"], cursor["credentialSubject"] == nil {
            let index = JSONGraph(graph)
            let roots = graph.many.filter { node in credentialTypes.contains { node.hasType($0) } }
            guard !roots.isEmpty else {
                if let expanded = graph.many.lazy.compactMap(expandedJSONLD).first { return [.unknown(expanded)] }
                return [.unknown("a flattened JSON-LD graph (@graph) with no node typed VerifiableCredential or EuropeanDigitalCredential")]
            }
            return roots.flatMap { classify($0.id.flatMap(index.node) ?? $0) }
        }
        return classify(cursor)
    }

    /// The records of a credential carried as a string: a compact JWS, or embedded text
    /// (base64 of JSON starts `eyJ` too, but has no dots); nil when the text carries none.
    static func shapes(ofText text: String, at pointer: String) -> [JSONRecordShape]? {
        let token = CompactJWS.looksLikeToken(text.utf8)
        if token && text.contains(".") { return shapes(ofToken: text, at: pointer) }
        if let embedded = EmbeddedCredential.shapes(text, at: pointer) { return embedded }
        return token ? shapes(ofToken: text, at: pointer) : nil
    }

    /// The types that make a graph node a credential.
    static let credentialTypes = ["VerifiableCredential", "EuropeanDigitalCredential", "OpenBadgeCredential", "AchievementCredential", "VerifiableAttestation"]

    /// The records of a compact JWS / VC-JWT found at `pointer`.
    static func shapes(ofToken token: String, at pointer: String) -> [JSONRecordShape] {
        do {
            let payload = try CompactJWS.payload(of: token)
            if let presentation = payload["vp"], presentation.isObject {
                return shapes(JSONCursor(presentation, pointer: pointer + "/vp"))
            }
            let (credential, key) = CompactJWS.credential(fromPayload: payload)
            return shapes(JSONCursor(credential, pointer: pointer + (key.map { "/" + $0 } ?? "")))
        } catch {
            return [.unknown(error.seen)]
        }
    }

    /// Keys that make an object something other than a plain canonical record (an envelope, a
    /// presentation, a graph, a typed credential or description).
    private static let distinguishingKeys: Set<String> = [
        "payload", "credential", "elm", "document_data", "verifiableCredential", "presentedCredential", "@graph", "type", "@type",
        "recipient", "badge", "credentialSubject",
    ]

    /// Whether `value` is an object of canonical fields and nothing that the rules above would
    /// read otherwise: what `shapes` and `classify` would call `.canonical`, found in one pass
    /// over its keys (a JSON Lines file of canonical records takes this path a million times).
    static func isPlainCanonical(_ value: JSONValue) -> Bool {
        var canonical = false
        for member in value.members {
            if distinguishingKeys.contains(member.key) || member.key.hasPrefix("ceterms:") { return false }
            if !canonical && Field.named[member.key] != nil { canonical = true }
        }
        return canonical
    }

    /// Classifies one credential or record (no envelope): one shape, or one per award claim.
    static func classify(_ cursor: JSONCursor) -> [JSONRecordShape] {
        if cursor.hasType("OpenBadgeCredential") || cursor.hasType("AchievementCredential") {
            return [.openBadges(cursor)]
        }
        if cursor.hasType("Assertion") && cursor["recipient"] != nil || cursor["badge"] != nil && cursor["recipient"] != nil {
            return [.openBadges2(cursor)]
        }
        let subject = cursor["credentialSubject"]?.one
        // EBSI v1 diplomas: `achieved[]` (Europass) or `learningAchievement` (VerifiableDiploma).
        if cursor.hasType("EuropeanDigitalCredential") || subject?["hasClaim"] != nil || subject?["achieved"] != nil
            || subject?["learningAchievement"] != nil {
            guard let choices = ClaimChoice.choices(ClaimChoice.awards(in: subject), place: { $1.pointer }) else { return [.elm(cursor, claim: nil)] }
            return choices.map { .elm(cursor, claim: $0) }
        }
        if let description = describedNonAward(cursor) {
            return [.notAward(SkippedCredential(cursor, what: description))]
        }
        if cursor.value.members.contains(where: { Field.named[$0.key] != nil }) {
            return [.canonical(cursor)]
        }
        if let expanded = expandedJSONLD(cursor) { return [.unknown(expanded)] }
        let keys = cursor.value.members.prefix(5).map(\.key).joined(separator: ", ")
        return [.unknown("an object with keys \(keys.isEmpty ? "(none)" : keys): not a credential nor a canonical record")]
    }

    /// Expanded JSON-LD (full IRIs as keys), named as such (rule 22), or nil.
    static func expandedJSONLD(_ cursor: JSONCursor) -> String? {
        let keys = cursor.value.members.map(\.key).filter { !$0.hasPrefix("@") }
        guard let iri = keys.first(where: { $0.hasPrefix("http://") || $0.hasPrefix("https://") }) else { return nil }
        return "expanded JSON-LD (full IRIs as keys, such as \(iri)), which mcstat does not read: compact it with the credential's @context (e.g. with jsonld.js or pyld) and send the compacted document"
    }

    /// A description of what is offered rather than awarded (a CTDL or ELM learning opportunity,
    /// a badge class, a credential without a subject), named, or nil.
    static func describedNonAward(_ cursor: JSONCursor) -> String? {
        let types = (cursor.value["@type"] ?? cursor.value["type"])?.many.compactMap(\.text) ?? []
        if let ctdl = types.first(where: { $0.hasPrefix("ceterms:") }) ?? (cursor.value.members.contains { $0.key.hasPrefix("ceterms:") } ? "ceterms:" : nil) {
            let kind = ctdl.dropFirst("ceterms:".count)
            let name = kind.isEmpty ? "learning resource" : kind.replacingOccurrences(of: "Course", with: "course")
            return "a CTDL \(name) description (\(ctdl)), not an award"
        }
        if let elm = types.first(where: { ["LearningOpportunity", "LearningAchievementSpecification", "Qualification",
                                             "LearningSpecification", "LearningActivitySpecification"].contains($0) }) {
            return "an ELM \(elm) (a description of learning on offer), not an award: it has no credential subject"
        }
        if types.contains("BadgeClass") || types.contains("Achievement") {
            return "an Open Badges \(types.contains("BadgeClass") ? "BadgeClass" : "Achievement") (a badge on offer), not an award: it has no recipient"
        }
        if types.contains("VerifiableCredential") && cursor["credentialSubject"] == nil {
            return "a verifiable credential without a credentialSubject"
        }
        if types.contains("VerifiableCredential") {
            let kinds = types.filter { $0 != "VerifiableCredential" && $0 != "VerifiableAttestation" }
            return "a verifiable credential of type \(kinds.isEmpty ? "VerifiableCredential" : kinds.joined(separator: ", ")), neither an ELM nor an Open Badges credential (no hasClaim, achieved or achievement in its credentialSubject)"
        }
        return nil
    }

    /// Where the record sits in its document (a JSON pointer), nil for an unknown shape.
    var pointer: String? {
        switch self {
        case .elm(let cursor, _), .openBadges(let cursor), .openBadges2(let cursor), .canonical(let cursor): cursor.pointer
        case .elmXML(_, _, let pointer): pointer
        case .notAward(let skipped): skipped.pointer
        case .unknown: nil
        }
    }

    var format: InputFormat? {
        switch self {
        case .elm: .elmJSONLD
        case .elmXML: .elmXML
        case .openBadges: .openBadges3
        case .openBadges2: .openBadges2
        case .canonical: .json
        case .notAward, .unknown: nil
        }
    }

    /// Canonical values of the record.
    func builder(record: Int) -> RecordBuilder? {
        switch self {
        case .elm(let cursor, let claim): return ELMJSONMapper.map(cursor, record: record, claim: claim)
        case .elmXML(let element, let claim, _): return ELMXMLMapper.map(element, record: record, claim: claim)
        case .openBadges(let cursor): return OpenBadgesMapper.map(cursor, record: record)
        case .openBadges2(let cursor): return OpenBadges2Mapper.map(cursor, record: record)
        case .canonical(let cursor):
            var builder = RecordBuilder()
            for member in cursor.value.members {
                guard let field = Field.named[member.key] else { continue }
                // A repeated name sets its field again: the last value wins, at the same pointer.
                let location = SourceLocation(pointer: cursor.pointer + "/" + JSONCursor.escaped(member.key))
                switch member.value {
                case .array(let items):
                    let texts = items.compactMap(\.text)
                    if field.isMultiValued { builder.set(field, list: texts, at: location) }
                    else { builder.set(field, texts.joined(separator: "|"), at: location) }
                case .string, .number, .bool:
                    builder.set(field, member.value.text, at: location)
                case .object:
                    // Present but unreadable (annex-i.md rule 26): a field with a bad_… reason
                    // gets the object as written, and is rejected for it; any other is absent,
                    // with a warning naming the shape (never the content).
                    if JSONRecordShape.fieldsWithBadReason.contains(field) {
                        builder.set(field, member.value.written(limit: 200), at: location)
                    } else {
                        builder.noteUnreadable(field, shape: member.value, record: record, at: location)
                    }
                case .null:
                    continue
                }
            }
            return builder
        case .notAward, .unknown: return nil
        }
    }

    /// The fields whose unreadable value is a `bad_…` reason of its own (canonical-csv.md step 3).
    static let fieldsWithBadReason: Set<Field> = [
        .issuerCountry, .issueDate, .ects, .workloadHours, .eqfLevel, .participationForm, .qualityAssurance, .status,
    ]

    static func kindName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
