#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import MCModel

/// Maps EU vocabulary concepts (`http://data.europa.eu/snb/<scheme>/<id>`, EU authority tables)
/// onto the canonical codes the normalizer understands. Concept URIs are trimmed first (real
/// files carry trailing spaces). An unknown concept falls back to its label, so that the
/// normalizer reports it with the canonical reason code.
package enum ConceptMap {
    package static let ectsFramework = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
    package static let volunteering = "http://data.europa.eu/snb/learning-activity/59eaf34fab"
    static let snb = "http://data.europa.eu/snb/"

    /// The last path segment of a URI (`…/eqf/6` → `6`).
    package static func lastSegment(_ uri: String) -> String {
        let trimmed = uri.trimmingASCIIWhitespace()
        guard let slash = trimmed.utf8.lastIndex(of: UInt8(ascii: "/")) else { return trimmed }
        return String(trimmed[trimmed.utf8.index(after: slash)...])
    }

    /// Whether `text`'s bytes hold `part`'s (its first byte found with `memchr`: the generic
    /// `firstRange(of:)` searcher cost a tenth of ELM XML `validate`'s CPU).
    static func holds(_ text: String, _ part: String) -> Bool {
        var (text, part) = (text, part)
        return text.withUTF8 { text in
            part.withUTF8 { part in
                guard let first = part.first else { return true }
                guard text.count >= part.count else { return false }
                let base = text.baseAddress!
                var start = 0
                let last = text.count - part.count
                while start <= last, let found = memchr(base + start, Int32(first), last - start + 1) {
                    let index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                    if memcmp(base + index, part.baseAddress!, part.count) == 0 { return true }
                    start = index + 1
                }
                return false
            }
        }
    }

    /// The concept id inside scheme `scheme` (`learning-assessment`), nil for other schemes.
    static func id(_ uri: String, in scheme: String) -> String? {
        var trimmed = uri.trimmingASCIIWhitespace()
        var (prefix, scheme) = (snb, scheme)
        return trimmed.withUTF8 { value in
            prefix.withUTF8 { prefix in
                scheme.withUTF8 { scheme in
                    let idStart = prefix.count + scheme.count + 1
                    guard value.count >= idStart, memcmp(value.baseAddress!, prefix.baseAddress!, prefix.count) == 0,
                          memcmp(value.baseAddress! + prefix.count, scheme.baseAddress!, scheme.count) == 0,
                          value[idStart - 1] == UInt8(ascii: "/") else { return nil }
                    return String(decoding: UnsafeBufferPointer(rebasing: value[idStart...]), as: UTF8.self)
                }
            }
        }
    }

    /// Country authority URI or code (`…/country/BEL`, `BEL`, `BE`) → alpha-2; any other code is
    /// returned as is (upper-cased) so that the normalizer rejects it (`EUR` is not a country).
    package static func country(_ value: String) -> String {
        let code = lastSegment(value).uppercased()
        if code.count == 3, let alpha2 = CountryCode.alpha3[code] { return alpha2 }
        return code
    }

    /// Mode of learning and assessment → participation form.
    package static let modes: [String: String] = [
        "920fbb3cbe": "online", "e92d221e4d": "blended", "9191af2ed9": "onsite", "729f3bed4b": "work-based",
    ]

    /// Assessment type concepts → assessment codes.
    package static let assessments: [String: String] = [
        "6e6cb2cc78": "written-exam", "d30284d7df": "oral-exam", "6a4db9f11d": "practical",
        "4f03b91c0e": "portfolio", "795dac4096": "project", "3484bd7e51": "continuous",
        "2939dae15f": "assignment", "b1b68f6735": "quiz", "19a2e5e671": "peer-assessment",
    ]

    /// Accreditation types that state external quality assurance.
    package static let externalQA: Set<String> = ["bb4618238e", "820101cba6"]

    /// The participation form one mode concept names (annex-i.md rules 10 and 25): an EU
    /// `learning-assessment` concept by its id (`Project based` names none); an ELM v2 0.8
    /// `…/modeOfLearningAndAssessment/<name>` URI by its last segment; any other concept
    /// (`urn:epass:concept:…`) by its label, through the vocabulary of canonical-csv.md step 4.
    package static func participationForm(mode uri: String, label: String?) -> ParticipationForm? {
        if let id = id(uri, in: "learning-assessment") { return modes[id].flatMap(ParticipationForm.init(rawValue:)) }
        if holds(uri, "/modeOfLearningAndAssessment/") {
            return ParticipationForm.named(byModeLabel: lastSegment(uri))
        }
        return label.flatMap(ParticipationForm.named(byModeLabel:))
    }

    /// The participation form of a specification's modes, with the index of the mode it came
    /// from: the first mode that names a form wins (rule 25); when none does, the first mode's
    /// label (else its URI's last segment) as written, which the normalizer rejects
    /// `bad_participation_form`. Nil without modes.
    package static func participation(modes: [(uri: String, label: String?)]) -> (value: String, index: Int)? {
        for (index, mode) in modes.enumerated() {
            if let form = participationForm(mode: mode.uri, label: mode.label) { return (form.rawValue, index) }
        }
        return modes.first.map { ($0.label ?? lastSegment($0.uri), 0) }
    }

    /// The assessment code of a concept: one of the nine codes, else the concept's label kept as
    /// given (the normalizer files it as `other`).
    package static func assessment(_ uri: String, label: String?) -> String {
        if let id = id(uri, in: "assessment"), let code = assessments[id] { return code }
        return label ?? "other"
    }

    /// Supervision code of a supervision-verification concept.
    package static func supervision(_ uri: String, online: Bool) -> String? {
        switch id(uri, in: "supervision-verification") {
        case "c598449d64": "unsupervised-no-id"
        case "df2880c5cb": "unsupervised-id"
        case "70be69aaf9": online ? "supervised-online-id" : "supervised-onsite-id"
        case "44314532f9": "supervised-no-id"
        default: nil
        }
    }

    /// Whether an accreditation type concept states external quality assurance.
    package static func isExternalQA(_ uri: String) -> Bool {
        id(uri, in: "accreditation").map(externalQA.contains) ?? false
    }

    /// EQF level digit of an `…/eqf/N` concept (EU vocabularies or the older ESCO URI), or of a
    /// bare notation `N`.
    package static func eqf(_ uri: String) -> String? {
        let trimmed = uri.trimmingASCIIWhitespace()
        if holds(trimmed, "/eqf/") { return lastSegment(trimmed) }
        return trimmed.count == 1 ? trimmed : nil
    }

    /// ISCED-F code of an `…/isced-f/NNNN` concept, kept as a string.
    package static func isced(_ uri: String) -> String? {
        id(uri, in: "isced-f")
    }

    /// Whether a credit-point framework or scheme names ECTS: the EU concept
    /// (`…/education-credit/6fcec5c5af`), the ELM v2 scheme
    /// (`http://data.europa.eu/europass/educationalCreditPointSystem/ects`) or the notation `ECTS`
    /// in any case (rule 16).
    package static func isECTS(_ framework: String) -> Bool {
        let trimmed = framework.trimmingASCIIWhitespace()
        return trimmed == ectsFramework || lastSegment(trimmed).lowercased() == "ects"
    }

    /// Human-sex authority concept → F, M or X.
    package static func gender(_ value: String) -> String? {
        switch lastSegment(value).uppercased() {
        case "FEMALE", "F": "F"
        case "MALE", "M": "M"
        case "": nil
        default: "X"
        }
    }

    /// Whether an identifier's scheme names a category rather than an identity (`Type of
    /// institution`, `Institution category`, `Sector`): its notation classifies the body and
    /// is never taken as the body's id (an "also seen" case of issue 22, see README's rules).
    package static func namesACategory(scheme: String?) -> Bool {
        guard let scheme else { return false }
        if scheme.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (nearly every scheme): its words are its runs of ASCII letters, lower-cased
            // byte by byte; the same words as below without a String per word.
            var words: [[UInt8]] = [[]]
            for byte in scheme.utf8 {
                let lower = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
                if lower >= 97 && lower <= 122 { words[words.count - 1].append(lower) } else if !words[words.count - 1].isEmpty { words.append([]) }
            }
            return words.contains { ConceptMap.categoryWords.contains($0) }
        }
        let words = scheme.lowercased().split { !$0.isLetter }
        return words.contains { ["type", "types", "category", "categories", "kind", "sector", "classification"].contains($0) }
    }

    /// The words of ``namesACategory(scheme:)`` as bytes.
    private static let categoryWords: [[UInt8]] = ["type", "types", "category", "categories", "kind", "sector", "classification"].map { Array($0.utf8) }

    /// A document-local node id (`urn:epass:…`) identifies nobody.
    package static func isLocalId(_ id: String) -> Bool {
        let prefix = "urn:epass:".utf8
        let utf8 = id.trimmingASCIIWhitespace().utf8
        return utf8.count >= prefix.count && zip(utf8, prefix).allSatisfy { ($0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0) == $1 }
    }
}
