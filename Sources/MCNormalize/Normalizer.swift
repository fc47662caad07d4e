import Foundation
import MCModel

/// Maps raw records onto the Annex I model by the canonical rules: trim, check the mandatory
/// elements in order, check values in order, map vocabularies. A record gets exactly one reject
/// reason (the first failure); unknown optional values only warn.
public struct Normalizer: Sendable {
    public let pseudonymizer: Pseudonymizer
    /// The CSV profile whose date format and extra vocabulary apply, if any.
    public let profile: CSVProfile?
    /// The pipeline source's awarding bodies and defaults (``SourcePolicy/open`` outside a pipeline).
    public let policy: SourcePolicy
    /// The profile's extra vocabulary by field, keys lower-cased once here rather than per record.
    private let profileVocabulary: [(Field, [String: String])]

    public init(pseudonymizer: Pseudonymizer, profile: CSVProfile? = nil, policy: SourcePolicy = .open) {
        self.pseudonymizer = pseudonymizer
        self.profile = profile
        self.policy = policy
        profileVocabulary = (profile?.vocabulary ?? [:]).sorted { $0.key < $1.key }.compactMap { name, map in
            Field.named[name].map { ($0, Dictionary(map.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })) }
        }
    }

    /// The same normalizer reading through `profile`, for a source with `policy`.
    public func with(profile: CSVProfile?, policy: SourcePolicy = .open) -> Normalizer {
        Normalizer(pseudonymizer: pseudonymizer, profile: profile, policy: policy)
    }

    /// Normalizes one record.
    public func normalize(_ raw: RawRecord) -> NormalizedRecord {
        let raw = policy.applyingDefaults(to: raw)
        let provenance = raw.provenance
        var values = TrimmedValues(raw)
        if let profile { values.apply(profile, vocabulary: profileVocabulary) }
        if let learner = values.single(.learnerId) { values.learnerKey = pseudonymizer.key(for: learner) }

        func location(_ field: Field?) -> SourceLocation {
            let specific = field.flatMap { raw.locations[$0.rawValue] }
            return SourceLocation(line: specific?.line ?? provenance.line, pointer: specific?.pointer ?? provenance.pointer)
        }
        func reject(_ field: Field?, _ code: ReasonCode, value: String? = nil, _ message: String, _ hint: String) -> NormalizedRecord {
            let place = location(field)
            let issue = ValidationIssue(record: provenance.record, line: place.line, pointer: place.pointer,
                              field: field, code: code, severity: .error, value: value,
                              message: message, hint: hint)
            return .rejected(Rejection(provenance: provenance, issue: issue, values: values.quarantineCopy(of: raw)),
                             warnings: raw.notes)
        }
        if var damage = raw.damage {
            damage.record = provenance.record
            damage.line = damage.line ?? provenance.line
            damage.pointer = damage.pointer ?? provenance.pointer
            return .rejected(Rejection(provenance: provenance, issue: damage, values: values.quarantineCopy(of: raw)),
                             warnings: raw.notes)
        }

        // 2. Mandatory elements present.
        for check in Normalizer.presence {
            if !check.isPresent(values) {
                return reject(check.field, check.code, "\(check.what) is missing (Annex I: \(check.field.element.rawValue))",
                              check.hint)
            }
        }

        // 3. Values well-formed.
        var countries: [String] = []
        for part in values.parts(.issuerCountry) {
            guard let code = CountryCode.normalize(part) else {
                return reject(.issuerCountry, .badIssuerCountry, value: values.joined(.issuerCountry),
                              "'\(part)' is not an ISO 3166-1 alpha-2 country code",
                              "use two-letter codes such as DE, FR, GR (EL) or GB (UK); join several with |")
            }
            if !countries.contains(code) { countries.append(code) }
        }
        let dateText = values.single(.issueDate)!
        guard let issueDate = CalendarDate(iso: dateText) else {
            return reject(.issueDate, .badIssueDate, value: dateText,
                          "'\(dateText)' is not a real calendar date written YYYY-MM-DD",
                          "write the date as YYYY-MM-DD, e.g. 2025-04-01 (a profile can declare another format)")
        }
        var ects: Decimal?
        if let text = values.single(.ects) {
            guard let value = Normalizer.decimal(text) else {
                return reject(.ects, .badEcts, value: text, "'\(text)' is not a number of ECTS credits",
                              "write digits with an optional decimal part, e.g. 5 or 2.5 (2,5 is accepted); no units")
            }
            ects = value
        }
        var hours: Int?
        if let text = values.single(.workloadHours) {
            guard let value = Normalizer.wholeNumber(text) else {
                return reject(.workloadHours, .badWorkloadHours, value: text, "'\(text)' is not a whole number of hours",
                              "write digits only, e.g. 125")
            }
            hours = value
        }
        var eqf: Int?
        if let text = values.single(.eqfLevel) {
            guard text.utf8.count == 1, let level = Int(text), (1...8).contains(level) else {
                return reject(.eqfLevel, .badEqfLevel, value: text, "'\(text)' is not an EQF level",
                              "write one digit from 1 to 8, or leave the cell empty when no level applies")
            }
            eqf = level
        }
        let formText = values.single(.participationForm)!
        guard let form = Vocabulary.participationForm[formText.lowercased()] else {
            return reject(.participationForm, .badParticipationForm, value: formText,
                          "'\(formText)' is not a form of participation",
                          "use online, onsite, blended, volunteering or work-based")
        }
        let qaText = values.single(.qualityAssurance)!
        guard let qa = Vocabulary.qualityAssurance[qaText.lowercased()] else {
            return reject(.qualityAssurance, .badQualityAssurance, value: qaText,
                          "'\(qaText)' is not a type of quality assurance",
                          "use internal, external or internal+external")
        }

        // The source's own rule, after the 18 above: it may carry only its declared awarding bodies.
        if let body = values.single(.awardingBodyId), !policy.allows(body) {
            return reject(.awardingBodyId, .awardingBodyNotAllowed, value: body,
                          "'\(body)' is not an awarding body this source may carry",
                          "send the record in its awarding body's own source, or list the body under the source's awarding_bodies (now: \(policy.awardingBodies?.joined(separator: ", ") ?? ""))")
        }

        // 4. Optional elements: unknown values are dropped with a warning.
        var warnings: [ValidationIssue] = raw.notes
        func optional<T>(_ field: Field, expected: String, _ parse: (String) -> T?) -> T? {
            guard let text = values.single(field) else { return nil }
            if let value = parse(text) { return value }
            let place = location(field)
            warnings.append(ValidationIssue(record: provenance.record, line: place.line, pointer: place.pointer,
                                  field: field, code: .unknownOptionalValue, severity: .warning, value: text,
                                  message: "'\(text)' is not a known \(field.rawValue) value; it was dropped",
                                  hint: "use \(expected)"))
            return nil
        }
        let assessmentText = values.single(.assessmentType)!
        let credential = Credential(
            credentialId: values.single(.credentialId)!,
            awardingBodyId: values.single(.awardingBodyId)!,
            learnerKey: values.learnerKey!,
            title: values.single(.title)!,
            issuerCountries: countries,
            issuerRegion: values.single(.issuerRegion),
            awardingBodyName: values.single(.awardingBodyName),
            issueDate: issueDate,
            learningOutcomes: values.parts(.learningOutcomes),
            ects: ects,
            workloadHours: hours,
            eqfLevel: eqf,
            qfEheaCycle: optional(.qfEheaCycle, expected: "short, first, second or third") { Vocabulary.qfEheaCycle[$0.lowercased()] },
            assessmentType: assessmentText,
            assessmentKind: Vocabulary.assessment[assessmentText.lowercased()] ?? .other,
            participationForm: form,
            qualityAssurance: qa,
            prerequisites: values.single(.prerequisites),
            supervision: optional(.supervision, expected: "none, supervised, online proctoring, onsite-id or unsupervised-id") { Vocabulary.supervision[$0.lowercased()] },
            grade: values.single(.grade),
            stackability: optional(.stackability, expected: "stand-alone or stackable") { Vocabulary.stackability[$0.lowercased()] },
            stackableTowards: values.single(.stackableTowards),
            furtherInfo: values.single(.furtherInfo),
            learnerBirthYear: optional(.learnerBirthYear, expected: "four digits, e.g. 1990") { text in
                text.utf8.count == 4 ? Normalizer.wholeNumber(text) : nil
            },
            learnerGender: optional(.learnerGender, expected: "F, M or X") { Gender(rawValue: $0.uppercased()) },
            learnerCitizenship: optional(.learnerCitizenship, expected: "an ISO 3166-1 alpha-2 code, e.g. DE") { CountryCode.normalize($0) },
            iscedF: optional(.iscedF, expected: "an ISCED-F 2013 code of 2 to 4 digits, e.g. 0688") { text in
                (2...4).contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } ? text : nil
            },
            language: optional(.language, expected: "an ISO 639-1 code, e.g. en") { text in
                let lower = text.lowercased()
                return lower.utf8.count == 2 && lower.utf8.allSatisfy { $0 >= 97 && $0 <= 122 } ? lower : nil
            },
            status: optional(.status, expected: "issued or revoked") { Vocabulary.status[$0.lowercased()] } ?? .issued
        )
        return .accepted(credential, provenance: provenance, warnings: warnings)
    }

    /// `digits[.digits]` (`,` accepted as the decimal mark); nil otherwise.
    public static func decimal(_ text: String) -> Decimal? {
        var integer: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenMark = false
        var digitsBeforeMark = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if seenMark { fractionDigits += 1 }
                if digits <= 18 { integer = integer * 10 + UInt64(byte - 48) }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                guard !seenMark, digits > 0 else { return nil }
                seenMark = true
                digitsBeforeMark = digits
            default:
                return nil
            }
        }
        guard digits > 0, !seenMark || digits > digitsBeforeMark else { return nil }
        if digits > 18 {
            return Decimal(string: text.replacingOccurrences(of: ",", with: "."), locale: posix)
        }
        return Decimal(sign: .plus, exponent: -fractionDigits, significand: Decimal(integer))
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Digits only; nil otherwise (or when absurdly long).
    public static func wholeNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }
}
