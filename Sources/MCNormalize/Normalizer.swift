import Foundation
package import MCModel

/// Maps raw records onto the Annex I model by the canonical rules: trim, check the mandatory
/// elements in order, check values in order, map vocabularies. A record gets exactly one reject
/// reason (the first failure); unknown optional values only warn.
package struct Normalizer: Sendable {
    package let pseudonymizer: Pseudonymizer
    /// The CSV profile whose date format and extra vocabulary apply, if any.
    package let profile: CSVProfile?
    /// The pipeline source's awarding bodies and defaults (``SourcePolicy/open`` outside a pipeline).
    package let policy: SourcePolicy
    /// The day of the run (UTC): an issue date more than one day after it cannot be true
    /// (annex-i.md rule 27). `--today` or `MCSTAT_TODAY` fix it for reproducible runs.
    package let today: CalendarDate
    /// The profile's extra vocabulary by field, keys lower-cased once here rather than per record.
    private let profileVocabulary: [(Field, [String: String])]

    package init(pseudonymizer: Pseudonymizer, profile: CSVProfile? = nil, policy: SourcePolicy = .open,
                today: CalendarDate = Normalizer.utcToday()) {
        self.pseudonymizer = pseudonymizer
        self.profile = profile
        self.policy = policy
        self.today = today
        profileVocabulary = (profile?.vocabulary ?? [:]).sorted { $0.key < $1.key }.compactMap { name, map in
            Field.named[name].map { ($0, Dictionary(map.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })) }
        }
    }

    /// The same normalizer reading through `profile`, for a source with `policy`.
    package func with(profile: CSVProfile?, policy: SourcePolicy = .open) -> Normalizer {
        Normalizer(pseudonymizer: pseudonymizer, profile: profile, policy: policy, today: today)
    }

    /// Today's date in UTC, by the system clock.
    package static func utcToday() -> CalendarDate {
        let seconds = Int(Date().timeIntervalSince1970.rounded(.down))
        // The clock of a running system is within years 1 to 9999.
        return CalendarDate(daysSince1970: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400) ?? CalendarDate(year: 1970, month: 1, day: 1)!
    }

    /// The latest issue date that can be true: the day after ``today`` (time zones ahead of UTC).
    package var latestIssueDate: CalendarDate {
        CalendarDate(daysSince1970: today.daysSince1970 + 1) ?? today
    }

    /// Normalizes one record.
    package func normalize(_ raw: RawRecord) -> NormalizedRecord {
        let raw = policy.applyingDefaults(to: raw)
        let provenance = raw.provenance
        let values = TrimmedValues(raw)
        if let profile { values.apply(profile, vocabulary: profileVocabulary) }
        if let learner = values.single(.learnerId) { values.learnerKey = pseudonymizer.key(for: learner) }

        func location(_ field: Field?) -> SourceLocation {
            let specific = field.flatMap { raw.location(of: $0) }
            return SourceLocation(line: specific?.line ?? provenance.line, pointer: specific?.pointer ?? provenance.pointer)
        }
        // A reader's own wording for an element it could not reach (an Open Badges badge given
        // only by URL: missing_title with a hint) stands for that element's presence failure;
        // the rules still run, so that the reject names every other rule the record fails.
        let readerReason = raw.damage.flatMap { damage in
            damage.code != .malformedRow && damage.field.flatMap({ Field.named[$0] }).map({ values.single($0) == nil }) == true ? damage : nil
        }
        if var damage = raw.damage, readerReason == nil {
            damage.record = provenance.record
            damage.line = damage.line ?? provenance.line
            damage.pointer = damage.pointer ?? provenance.pointer
            return .rejected(Rejection(provenance: provenance, issue: damage, keyedRecord: values.quarantineCopy(of: raw)),
                             warnings: raw.notes)
        }

        // Every rule runs, so that the reject issue can name all the record fails: the first
        // failure in rule order is the reason, the others are listed in `also`.
        var failures: [RuleFailure] = []
        func fail(_ field: Field, _ code: ReasonCode, value: String? = nil, _ message: String, _ hint: String) {
            failures.append(RuleFailure(field: field, code: code, value: value, message: message, hint: hint))
        }

        // 2. Mandatory elements present.
        for check in Normalizer.presence where !check.isPresent(values) {
            fail(check.field, check.code, "\(check.what) is missing (Annex I: \(check.field.element.rawValue))", check.hint)
        }

        // 3. Values well-formed (a value that is absent failed its presence check already).
        var countries: [String] = []
        for part in values.parts(.issuerCountry) {
            guard let code = CountryCode.normalize(part) else {
                fail(.issuerCountry, .badIssuerCountry, value: values.joined(.issuerCountry),
                     "'\(part)' is not an ISO 3166-1 alpha-2 country code",
                     "use two-letter codes such as DE, FR, GR (EL) or GB (UK); join several with |")
                break
            }
            if !countries.contains(code) { countries.append(code) }
        }
        /// A present value parsed, or a failure of `code` when it does not parse.
        func checked<T>(_ field: Field, _ code: ReasonCode, _ parse: (String) -> T?, _ message: (String) -> String,
                        _ hint: String) -> T? {
            guard let text = values.single(field) else { return nil }
            if let value = parse(text) { return value }
            fail(field, code, value: text, message(text), hint)
            return nil
        }
        let issueDate = checkedIssueDate(values, fail: fail)
        let ects = checked(.ects, .badEcts, Normalizer.decimal, { "'\($0)' is not a number of ECTS credits" + Normalizer.tooLarge($0) },
                           "write digits with an optional decimal part, e.g. 5 or 2.5 (2,5 is accepted); no units")
        let hours = checked(.workloadHours, .badWorkloadHours, Normalizer.wholeNumber,
                            { "'\($0)' is not a whole number of hours" + Normalizer.tooLarge($0) }, "write digits only, e.g. 125")
        let eqf = checked(.eqfLevel, .badEqfLevel, Normalizer.eqfLevel,
                          { "'\($0)' is not an EQF level" },
                          "write one digit from 1 to 8, or leave the cell empty when no level applies")
        let form = checked(.participationForm, .badParticipationForm, { Vocabulary.lookup(Vocabulary.participationForm, $0) },
                           { "'\($0)' is not a form of participation" }, "use online, onsite, blended, volunteering or work-based")
        let qa = checked(.qualityAssurance, .badQualityAssurance, { Vocabulary.lookup(Vocabulary.qualityAssurance, $0) },
                         { "'\($0)' is not a type of quality assurance" }, "use internal, external or internal+external")
        // The last value check: an award whose status is unknown is never counted as issued.
        let status = checked(.status, .badStatus, { Vocabulary.lookup(Vocabulary.status, $0) },
                             { "'\($0)' is not a status of an award (issued or revoked); an award of unknown status is not counted" },
                             "write issued or revoked, or leave the cell empty for issued; leave out records that were withdrawn")
        // The source's own rule, after the 18 above: it may carry only its declared awarding bodies.
        if let body = values.single(.awardingBodyId), !policy.allows(body) {
            fail(.awardingBodyId, .awardingBodyNotAllowed, value: body,
                 "'\(body)' is not an awarding body this source may carry",
                 "send the record in its awarding body's own source, or list the body under the source's awarding_bodies (now: \(policy.awardingBodies?.joined(separator: ", ") ?? ""))")
        }
        if let reason = readerReason {
            if let index = failures.firstIndex(where: { $0.code == reason.code }) {
                failures[index].message = reason.message
                failures[index].hint = reason.hint ?? failures[index].hint
            } else {
                failures.insert(RuleFailure(field: Field.named[reason.field ?? ""] ?? .title, code: reason.code, value: nil,
                                            message: reason.message, hint: reason.hint ?? ""), at: 0)
            }
        }
        guard failures.isEmpty, let issueDate, let form, let qa, let credentialId = values.single(.credentialId),
              let awardingBodyId = values.single(.awardingBodyId), let learnerKey = values.learnerKey,
              let title = values.single(.title), let assessmentText = values.single(.assessmentType) else {
            let first = failures.first ?? RuleFailure(field: .credentialId, code: .missingCredentialId, value: nil,
                                                      message: "the record is incomplete", hint: "")
            let place = location(first.field)
            let issue = ValidationIssue(record: provenance.record, line: place.line, pointer: place.pointer,
                                        field: first.field, code: first.code, severity: .error, value: first.value,
                                        message: first.message, hint: first.hint, also: failures.dropFirst().map(\.code))
            return .rejected(Rejection(provenance: provenance, issue: issue, keyedRecord: values.quarantineCopy(of: raw)),
                             warnings: raw.notes)
        }

        // 4. Optional elements: unknown values are dropped with a warning.
        var warnings: [ValidationIssue] = raw.notes
        func drop(_ field: Field, _ text: String, _ message: String, hint: String) {
            let place = location(field)
            warnings.append(ValidationIssue(record: provenance.record, line: place.line, pointer: place.pointer,
                                  field: field, code: .unknownOptionalValue, severity: .warning, value: text,
                                  message: message, hint: hint))
        }
        func optional<T>(_ field: Field, expected: String, _ parse: (String) -> T?) -> T? {
            guard let text = values.single(field) else { return nil }
            if let value = parse(text) { return value }
            drop(field, text, "'\(text)' is not a known \(field.rawValue) value; it was dropped", hint: "use \(expected)")
            return nil
        }
        /// The birth year, dropped when it cannot be true for an award of `issued` (annex-i.md rule 27).
        func birthYear(issued: CalendarDate) -> Int? {
            guard let year = optional(.learnerBirthYear, expected: "four digits, e.g. 1990", Normalizer.birthYear) else { return nil }
            guard Normalizer.plausible(birthYear: year, issueYear: issued.year) else {
                drop(.learnerBirthYear, String(year),
                     "'\(year)' cannot be the birth year of a learner awarded in \(issued.year) (after it, or more than 100 years before); it was dropped",
                     hint: "write the learner's year of birth, four digits, e.g. 1990")
                return nil
            }
            return year
        }
        let credential = Credential(
            credentialId: credentialId,
            awardingBodyId: awardingBodyId,
            learnerKey: learnerKey,
            title: title,
            issuerCountries: countries,
            issuerRegion: values.single(.issuerRegion),
            awardingBodyName: values.single(.awardingBodyName),
            issueDate: issueDate,
            learningOutcomes: values.parts(.learningOutcomes),
            ects: ects,
            workloadHours: hours,
            eqfLevel: eqf,
            qfEheaCycle: optional(.qfEheaCycle, expected: "short, first, second or third") { Vocabulary.lookup(Vocabulary.qfEheaCycle, $0) },
            assessmentType: assessmentText,
            assessmentKind: Vocabulary.lookup(Vocabulary.assessment, assessmentText) ?? .other,
            participationForm: form,
            qualityAssurance: qa,
            prerequisites: values.single(.prerequisites),
            supervision: optional(.supervision, expected: "none, supervised, online proctoring, onsite-id or unsupervised-id") { Vocabulary.lookup(Vocabulary.supervision, $0) },
            grade: values.single(.grade),
            stackability: optional(.stackability, expected: "stand-alone or stackable") { Vocabulary.lookup(Vocabulary.stackability, $0) },
            stackableTowards: values.single(.stackableTowards),
            furtherInfo: values.single(.furtherInfo),
            learnerBirthYear: birthYear(issued: issueDate),
            learnerGender: optional(.learnerGender, expected: "F, M or X", Normalizer.gender),
            learnerCitizenship: optional(.learnerCitizenship, expected: "an ISO 3166-1 alpha-2 code, e.g. DE") { CountryCode.normalize($0) },
            iscedF: optional(.iscedF, expected: "an ISCED-F 2013 code of 2 to 4 digits, e.g. 0688", Normalizer.iscedF),
            language: optional(.language, expected: "an ISO 639-1 code, e.g. en (ENG and its EU authority URI are read too)") {
                LanguageCode.iso6391($0)
            },
            status: status ?? .issued
        )
        return .accepted(credential, provenance: provenance, warnings: warnings)
    }

    /// The issue date, as a failure of `bad_issue_date` when it is not a real date in the
    /// format it must be written in (YYYY-MM-DD, or the profile's) or lies after
    /// ``latestIssueDate``. The message names the value as written (annex-i.md rules 26, 27).
    private func checkedIssueDate(_ values: TrimmedValues,
                                  fail: (Field, ReasonCode, String?, String, String) -> Void) -> CalendarDate? {
        guard let text = values.single(.issueDate) else { return nil }
        let written = values.writtenIssueDate ?? text
        guard let date = CalendarDate(iso: text) else {
            if let format = profile?.dateFormat, let profile {
                fail(.issueDate, .badIssueDate, written, "'\(written)' is not a real calendar date written \(format)",
                     "write the date as \(format), e.g. \(profile.written(year: 2025, month: 4, day: 1)) (the date format of profile '\(profile.name)')")
            } else {
                fail(.issueDate, .badIssueDate, written, "'\(written)' is not a real calendar date written YYYY-MM-DD",
                     "write the date as YYYY-MM-DD, e.g. 2025-04-01 (a profile can declare another format)")
            }
            return nil
        }
        guard date <= latestIssueDate else {
            fail(.issueDate, .badIssueDate, written, "'\(written)' is in the future: the day of the run is \(today)",
                 "write the day the credential was issued; an award cannot be issued after the day it is counted")
            return nil
        }
        return date
    }

    /// Whether a learner born in `birthYear` can hold an award of `issueYear`: not born after
    /// it, nor more than 100 years before it (annex-i.md rule 27).
    package static func plausible(birthYear: Int, issueYear: Int) -> Bool {
        birthYear <= issueYear && birthYear >= issueYear - 100
    }

    /// One digit from 1 to 8.
    static func eqfLevel(_ text: String) -> Int? {
        text.utf8.count == 1 ? Int(text).flatMap { (1...8).contains($0) ? $0 : nil } : nil
    }

    /// Four digits.
    static func birthYear(_ text: String) -> Int? {
        text.utf8.count == 4 ? wholeNumber(text) : nil
    }

    /// F, M or X, in either case.
    static func gender(_ text: String) -> Gender? {
        Gender(rawValue: text.uppercased())
    }

    /// An ISCED-F 2013 code: 2 to 4 digits.
    static func iscedF(_ text: String) -> String? {
        (2...4).contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } ? text : nil
    }

    /// Most digits a whole number (or the whole part of a decimal) may have: larger figures
    /// cannot be real and are bad values, never a trap or an overflow later (annex-i.md rule 21).
    package static let maxWholeDigits = 9

    /// " (too large to hold)" when `text` is a figure with more whole digits than allowed, or a
    /// duration; "" otherwise.
    static func tooLarge(_ text: String) -> String {
        let whole = text.utf8.prefix { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: ",") }
        let isFigure = !whole.isEmpty && whole.allSatisfy { $0 >= 48 && $0 <= 57 } && whole.count > maxWholeDigits
        let isDuration = text.uppercased().hasPrefix("P")
        return isFigure || isDuration ? " (a figure too large to hold, or a duration that cannot be read as hours)" : ""
    }

    /// `digits[.digits]` (`,` accepted as the decimal mark), at most ``maxWholeDigits`` whole
    /// digits; nil otherwise.
    package static func decimal(_ text: String) -> Decimal? {
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
        guard digits > 0, !seenMark || digits > digitsBeforeMark, (seenMark ? digitsBeforeMark : digits) <= maxWholeDigits else { return nil }
        if digits > 18 {
            return Decimal(string: text.replacingOccurrences(of: ",", with: "."), locale: posix)
        }
        return Decimal(sign: .plus, exponent: -fractionDigits, significand: Decimal(integer))
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Digits only; nil otherwise (or when absurdly long).
    package static func wholeNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= maxWholeDigits, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }
}
