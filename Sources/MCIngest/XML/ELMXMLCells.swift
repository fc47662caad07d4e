internal import MCModel

/// The values of one ELM v2 credential as cells (``FieldCells``), read on the bytes of its
/// subtree for `validate`'s quick check (``QuickCheck``), without the Strings and the record that
/// ``ELMXMLMapper/map(_:record:claim:)`` builds. Each cell holds what the mapper's record holds
/// for the field (a list's items joined by `|`), so the quick check reads the same values the
/// rules would.
///
/// It reads the shapes credentials are written in and gives nil for anything else, which the
/// mapper then reads: a credential with several awards, a value that would be upper- or
/// lower-cased and is not ASCII, a list item that holds a `|`, a workload the mapper warns about
/// (its record would not be clean). Values the mapper reads through a rule of its own in rare
/// shapes (a credit-point framework, a mode named by its label, a date in another shape) are read
/// by the same functions on a String.
enum ELMXMLCells {
    /// The cells of the credential at `credential`, recorded by a stream marked with
    /// ``ELMName/table``; nil when the mapper must read it.
    static func cells(of credential: XMLElement) -> FieldCells? {
        guard credential.tree.elements[Int(credential.index)].symbol == ELMName.europassCredential.rawValue else { return nil }
        return XMLSubtreeCursor.with(credential.tree, top: credential.index) { cursor in
            var writer = Writer(capacity: credential.tree.byteCount)
            guard read(credential.index, cursor, into: &writer) else { return nil }
            return writer.cells()
        }
    }

    /// The cells written so far: each field's value once, in any order.
    struct Writer {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var cellOfField = [Int](repeating: -1, count: Field.allCases.count)

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
            ends.reserveCapacity(Field.allCases.count)
        }

        mutating func set(_ field: Field, _ value: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: value)
            close(field)
        }

        mutating func set(_ field: Field, _ value: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
            close(field)
        }

        mutating func set(_ field: Field, _ value: String) {
            bytes.append(contentsOf: value.utf8)
            close(field)
        }

        /// Sets a multi-valued field's items, joined by `|`; false when an item holds a `|`
        /// itself (it is one value, which joined would read as several).
        mutating func set(_ field: Field, items: [UnsafeBufferPointer<UInt8>]) -> Bool {
            for (index, item) in items.enumerated() {
                if item.contains(UInt8(ascii: "|")) { return false }
                if index > 0 { bytes.append(UInt8(ascii: "|")) }
                bytes.append(contentsOf: item)
            }
            close(field)
            return true
        }

        private mutating func close(_ field: Field) {
            cellOfField[field.ordinal] = ends.count
            ends.append(bytes.count)
        }

        func cells() -> FieldCells { FieldCells(bytes: bytes, ends: ends, cellOfField: cellOfField, isUTF8: true) }
    }

    /// Reads the credential's values as ``ELMXMLMapper/map(_:record:claim:)`` does, step for
    /// step; false when it cannot say what the mapper would.
    private static func read(_ credential: Int32, _ cursor: XMLSubtreeCursor, into writer: inout Writer) -> Bool {
        func set(_ field: Field, _ span: XMLSubtree.Span?) {
            if let span { writer.set(field, cursor.buffer(span)) }
        }
        func string(_ span: XMLSubtree.Span) -> String { String(decoding: cursor.buffer(span), as: UTF8.self) }
        func uri(_ node: Int32) -> XMLSubtree.Span? { cursor.attribute(node, "uri") }

        set(.credentialId, cursor.attribute(credential, "id"))
        let subject = cursor.child(credential, .credentialSubject)
        // Learner: @id unless document-local, else identifier, else nationalId.
        if let id = cursor.attribute(subject, "id"), id.count > 0, !cursor.isLocalID(id) {
            set(.learnerId, id)
        } else {
            var learner: XMLSubtree.Span?
            cursor.forEachChild(subject, .identifier) { learner = cursor.nonBlankText($0); return learner == nil }
            let national = cursor.child(subject, .nationalId)
            if learner == nil && national >= 0 { learner = cursor.trimmedText(national) }
            set(.learnerId, learner)
        }
        if let gender = uri(cursor.child(subject, .gender)) {
            let code = cursor.lastSegment(gender)
            guard cursor.isASCII(code) else { return false }
            switch string(code).uppercased() {
            case "FEMALE", "F": writer.set(.learnerGender, "F" as StaticString)
            case "MALE", "M": writer.set(.learnerGender, "M" as StaticString)
            case "": break
            default: writer.set(.learnerGender, "X" as StaticString)
            }
        }
        if let citizenship = uri(cursor.child(subject, .citizenshipCountry)) {
            guard let code = country(citizenship, cursor) else { return false }
            writer.set(.learnerCitizenship, code)
        }

        var awards = 0
        cursor.forEachChild(cursor.child(subject, .achievements), .learningAchievement) { _ in awards += 1; return true }
        guard awards <= 1 else { return false }
        let achievement = cursor.child(cursor.child(subject, .achievements), .learningAchievement)
        set(.title, cursor.localizedText(cursor.child(achievement, .title)))

        // Awarding bodies: wasAwardedBy → awardingProcess → awardingBody idrefs → organization.
        let process = cursor.resolve(cursor.child(achievement, .wasAwardedBy))
        var bodies: [Int32] = []
        cursor.forEachChild(process, .awardingBody) { body in
            let resolved = cursor.resolve(body)
            if resolved >= 0 { bodies.append(resolved) }
            return true
        }
        if let first = bodies.first {
            guard let id = organisationId(first, cursor) else { return false }
            set(.awardingBodyId, id)
            let name = cursor.child(first, .prefLabel) >= 0 ? cursor.child(first, .prefLabel) : cursor.child(first, .preferredName)
            set(.awardingBodyName, cursor.localizedText(name))
        }
        var countries: [String] = []
        var readable = true
        for body in bodies {
            forEachCountryCode(body, cursor) { uri in
                guard let code = country(uri, cursor) else { readable = false; return false }
                if !countries.contains(code) { countries.append(code) }
                return true
            }
        }
        if countries.isEmpty {
            forEachCountryCode(cursor.resolve(cursor.child(credential, .issuer)), cursor) { uri in
                if let code = country(uri, cursor) { countries = [code] } else { readable = false }
                return false
            }
        }
        guard readable else { return false }
        if !countries.isEmpty {
            guard !countries.contains(where: { $0.utf8.contains(UInt8(ascii: "|")) }) else { return false }
            writer.set(.issuerCountry, countries.joined(separator: "|"))
        }
        let dateCountry = countries.first
        let birthNode = cursor.child(subject, .dateOfBirth)
        if birthNode >= 0, let birth = cursor.nonBlankText(birthNode) {
            let bytes = cursor.buffer(birth)
            if let date = CivilDate.quickDate(bytes: bytes, country: dateCountry) ?? CivilDate.readDate(string(birth), country: dateCountry) {
                writer.set(.learnerBirthYear, String(date.prefix(4)))
            } else {
                writer.set(.learnerBirthYear, bytes)
            }
        }

        // Date of issuing: cred:issued, else cred:validFrom, else awardingProcess/date.
        for node in [cursor.child(credential, .issued), cursor.child(credential, .validFrom), cursor.child(process, .date)] where node >= 0 {
            guard let text = cursor.nonBlankText(node) else { continue }
            let bytes = cursor.buffer(text)
            if let date = CivilDate.quickDate(bytes: bytes, country: dateCountry) ?? CivilDate.readDate(string(text), country: dateCountry) {
                writer.set(.issueDate, date)
            } else {
                writer.set(.issueDate, bytes)
            }
            break
        }

        let spec = cursor.resolve(cursor.child(achievement, .specifiedBy))
        // Learning outcomes: only those the specification references, with a non-blank prefLabel.
        let outcomeList = cursor.child(spec, .learningOutcomes)
        if outcomeList >= 0 {
            var outcomes: [UnsafeBufferPointer<UInt8>] = []
            cursor.forEachChild(outcomeList, .learningOutcome) { outcome in
                if let label = cursor.localizedText(cursor.child(cursor.resolve(outcome), .prefLabel)) { outcomes.append(cursor.buffer(label)) }
                return true
            }
            if !outcomes.isEmpty {
                guard writer.set(.learningOutcomes, items: outcomes) else { return false }
            }
        }

        // Workload.
        var ects: XMLSubtree.Span?
        let ectsNode = cursor.child(spec, .hasECTSCreditPoints)
        if ectsNode >= 0 {
            ects = cursor.trimmedText(ectsNode)
        } else {
            cursor.forEachChild(spec, .hasCreditPoints) { node in
                let frameworks = [cursor.attribute(node, "schemeID"), cursor.attribute(node, "framework"), cursor.attribute(node, "uri"),
                                  cursor.attribute(node, "targetFrameworkUrl")]
                if frameworks.contains(where: { $0.map { ConceptMap.isECTS(string($0)) } == true }) { ects = cursor.trimmedText(node) }
                return ects == nil
            }
        }
        set(.ects, ects)
        let volume = cursor.child(spec, .volumeOfLearning)
        if volume >= 0 {
            let text = cursor.trimmedText(volume)
            let hours = CivilDate.quickHours(bytes: cursor.buffer(text)).map(String.init) ?? CivilDate.readHours(string(text)).map(String.init) ?? string(text)
            // A workload the mapper warns about: the record is not clean.
            if let ects, RecordBuilder.implausibleWorkload(hours: hours, ects: string(ects)) != nil { return false }
            writer.set(.workloadHours, hours)
        }
        if let level = uri(cursor.child(spec, .eqfLevel)) {
            set(.eqfLevel, cursor.span(level, holds: "/eqf/") ? cursor.lastSegment(level) : level)
        }

        // Participation: the first of the specification's modes that names a form (rule 25),
        // else a volunteering activity.
        var firstMode: XMLSubtree.Span?
        cursor.forEachChild(spec, .mode) { mode in
            firstMode = uri(mode)
            return firstMode == nil
        }
        if let firstMode {
            if let id = cursor.conceptID(firstMode, in: "learning-assessment"), let form = ConceptMap.modes[string(id)] {
                writer.set(.participationForm, form)
            } else if let (form, _) = ConceptMap.participation(modes: cursor.children(spec, .mode).compactMap { mode in
                uri(mode).map { (string($0), cursor.localizedText(cursor.child(mode, .targetName)).map(string)) }
            }) {
                writer.set(.participationForm, form)
            }
        } else {
            var volunteering = false
            cursor.forEachChild(achievement, .wasInfluencedBy) { influence in
                let activity = cursor.resolve(cursor.child(influence, .specifiedBy))
                volunteering = activity >= 0 && uri(cursor.child(activity, .type)).map { string($0) == ConceptMap.volunteering } == true
                return !volunteering
            }
            if volunteering { writer.set(.participationForm, "volunteering" as StaticString) }
        }

        // Assessment and supervision: the first wasDerivedFrom.
        let assessment = cursor.child(achievement, .wasDerivedFrom)
        let assessmentSpec = cursor.resolve(cursor.child(assessment, .specifiedBy))
        let type = cursor.child(assessmentSpec, .type)
        if let kind = uri(type) {
            if let id = cursor.conceptID(kind, in: "assessment"), let code = ConceptMap.assessments[string(id)] {
                writer.set(.assessmentType, code)
            } else if let label = cursor.localizedText(cursor.child(type, .targetName)) {
                set(.assessmentType, label)
            } else {
                writer.set(.assessmentType, "other" as StaticString)
            }
        }
        if let method = uri(cursor.child(assessment, .idVerificationMethod)) {
            let online = uri(cursor.child(assessmentSpec, .mode)).flatMap { cursor.conceptID($0, in: "learning-assessment") }
                .map { cursor.span($0, is: "920fbb3cbe") } ?? false
            if let code = supervision(method, online: online, cursor) { writer.set(.supervision, code) } else { set(.supervision, method) }
        }
        set(.grade, cursor.localizedText(cursor.child(assessment, .grade)))

        // Quality assurance: an institutional or programme QA accreditation on the
        // specification or on an awarding body.
        var external = false
        func findExternal(_ accreditation: Int32) -> Bool {
            let node = cursor.resolve(accreditation)
            external = node >= 0 && uri(cursor.child(node, .type)).flatMap { cursor.conceptID($0, in: "accreditation") }
                .map { ConceptMap.externalQA.contains(string($0)) } == true
            return !external
        }
        cursor.forEachChild(spec, .hasAccreditation, findExternal)
        for body in bodies where !external { cursor.forEachChild(body, .hasAccreditation, findExternal) }
        if external { writer.set(.qualityAssurance, "external" as StaticString) }

        set(.prerequisites, cursor.localizedText(cursor.child(spec, .entryRequirementsNote)))
        let partial = cursor.child(spec, .isPartialQualification)
        if partial >= 0 && isTrue(cursor.buffer(cursor.trimmedText(partial))) {
            writer.set(.stackability, "stackable" as StaticString)
        }
        set(.iscedF, uri(cursor.child(spec, .hasISCEDFCode)).flatMap { cursor.conceptID($0, in: "isced-f") })
        if let language = uri(cursor.child(spec, .language)).flatMap({ LanguageCode.iso6391(bytes: cursor.buffer($0)) }) {
            writer.set(.language, language)
        }
        return true
    }

    /// ``ConceptMap/country(_:)`` of a trimmed URI or code; nil when it is not ASCII.
    private static func country(_ uri: XMLSubtree.Span, _ cursor: XMLSubtreeCursor) -> String? {
        let segment = cursor.lastSegment(uri)
        guard cursor.isASCII(segment) else { return nil }
        let bytes = cursor.buffer(segment)
        let code = String(unsafeUninitializedCapacity: bytes.count) { code in
            for (index, byte) in bytes.enumerated() { code[index] = byte >= 97 && byte <= 122 ? byte & ~0x20 : byte }
            return bytes.count
        }
        if segment.count == 3, let alpha2 = CountryCode.alpha3[code] { return alpha2 }
        return code
    }

    /// Visits the URIs of ``ELMXMLMapper/countryCodes(of:)`` in order, while `visit` says to go on.
    private static func forEachCountryCode(_ organisation: Int32, _ cursor: XMLSubtreeCursor, _ visit: (XMLSubtree.Span) -> Bool) {
        var found = false
        var going = true
        func offer(_ uri: XMLSubtree.Span?) -> Bool {
            if let uri {
                found = true
                going = visit(uri)
            }
            return going
        }
        cursor.forEachChild(organisation, .hasLocation) { offer(cursor.attribute(cursor.child(cursor.child($0, .hasAddress), .country), "uri")) }
        if found { return }
        cursor.forEachChild(organisation, .hasLocation) { offer(cursor.attribute(cursor.child($0, .spatialCode), "uri")) }
        if found { return }
        cursor.forEachChild(organisation, .registration) { offer(cursor.attribute($0, "spatialID") ?? cursor.attribute($0, "spatialId")) }
        if going { cursor.forEachChild(organisation, .legalIdentifier) { offer(cursor.attribute($0, "spatialID") ?? cursor.attribute($0, "spatialId")) } }
    }

    /// ``ELMXMLMapper/organisationId(_:)``: nil for a span when there is none; nil altogether
    /// (`.none`) when a scheme is not ASCII.
    private static func organisationId(_ organisation: Int32, _ cursor: XMLSubtreeCursor) -> XMLSubtree.Span?? {
        if let id = cursor.attribute(organisation, "id"), !cursor.isLocalID(id), id.count > 0 { return .some(id) }
        // Its legal identifiers, then identifiers whose scheme names no category, then registrations.
        var found: XMLSubtree.Span?
        func take(_ candidate: Int32) -> Bool {
            let text = cursor.trimmedText(candidate)
            if text.count > 0 { found = text }
            return found == nil
        }
        cursor.forEachChild(organisation, .legalIdentifier, take)
        var ascii = true
        if found == nil {
            cursor.forEachChild(organisation, .identifier) { identifier in
                if let scheme = cursor.attribute(identifier, "schemeName") ?? cursor.attribute(identifier, "schemeID") ?? cursor.attribute(identifier, "schemeId") {
                    guard cursor.isASCII(scheme) else { ascii = false; return false }
                    if namesACategory(cursor.buffer(scheme)) { return true }
                }
                return take(identifier)
            }
        }
        guard ascii else { return nil }
        if found == nil { cursor.forEachChild(organisation, .registration, take) }
        if let found { return .some(found) }
        let name = cursor.child(organisation, .prefLabel) >= 0 ? cursor.child(organisation, .prefLabel) : cursor.child(organisation, .preferredName)
        return .some(cursor.localizedText(name))
    }

    /// ``ConceptMap/namesACategory(scheme:)`` of an ASCII scheme: one of its words (runs of
    /// letters, in any case) names a category.
    private static func namesACategory(_ scheme: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        for index in 0...scheme.count {
            let letter = index < scheme.count && (scheme[index] | 0x20) >= 97 && (scheme[index] | 0x20) <= 122
            if letter { continue }
            if index > start, categoryWords.contains(where: { word in
                word.count == index - start && zip(word, scheme[start..<index]).allSatisfy { $0 == $1 | 0x20 }
            }) { return true }
            start = index + 1
        }
        return false
    }

    private static let categoryWords: [[UInt8]] = ["type", "types", "category", "categories", "kind", "sector", "classification"].map { Array($0.utf8) }

    /// ``ConceptMap/supervision(_:online:)`` on the bytes.
    private static func supervision(_ uri: XMLSubtree.Span, online: Bool, _ cursor: XMLSubtreeCursor) -> StaticString? {
        guard let id = cursor.conceptID(uri, in: "supervision-verification") else { return nil }
        if cursor.span(id, is: "c598449d64") { return "unsupervised-no-id" }
        if cursor.span(id, is: "df2880c5cb") { return "unsupervised-id" }
        if cursor.span(id, is: "70be69aaf9") { return online ? "supervised-online-id" : "supervised-onsite-id" }
        if cursor.span(id, is: "44314532f9") { return "supervised-no-id" }
        return nil
    }

    /// Whether the bytes are `true` in any case (what `lowercased() == "true"` says: no other
    /// text lower-cases to these four ASCII letters).
    private static func isTrue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 4 && bytes[0] | 0x20 == UInt8(ascii: "t") && bytes[1] | 0x20 == UInt8(ascii: "r")
            && bytes[2] | 0x20 == UInt8(ascii: "u") && bytes[3] | 0x20 == UInt8(ascii: "e")
    }
}
