internal import MCModel
internal import MCNormalize

/// The codes the rules make of a record's values, for `validate --explain`: where a value as
/// read is a label (`Hybrid`, `Written examination`, `EL`), the record holds a code (`blended`,
/// `written-exam`, `GR`), and the explanation shows the code with the label it came from.
enum RecordCodes {
    /// The code of each coded field of `result`: from the accepted credential (a profile's
    /// vocabulary applied), else, for a rejected record, each value through the vocabularies.
    static func codes(of result: NormalizedRecord, raw: RawRecord) -> [Field: String] {
        guard case .accepted(let credential, _, _) = result else { return looked(up: raw) }
        var codes: [Field: String] = [
            .issuerCountry: credential.issuerCountries.joined(separator: "|"),
            .participationForm: credential.participationForm.rawValue,
            .qualityAssurance: credential.qualityAssurance.rawValue,
            .assessmentType: credential.assessmentKind.rawValue,
            .status: credential.status.rawValue,
            .issueDate: credential.issueDate.description,
        ]
        codes[.supervision] = credential.supervision?.rawValue
        codes[.stackability] = credential.stackability?.rawValue
        codes[.qfEheaCycle] = credential.qfEheaCycle?.rawValue
        codes[.learnerGender] = credential.learnerGender?.rawValue
        codes[.learnerCitizenship] = credential.learnerCitizenship
        codes[.language] = credential.language
        return codes
    }

    /// The codes of a rejected record's values, each looked up on its own.
    static func looked(up raw: RawRecord) -> [Field: String] {
        func text(_ field: Field) -> String? { raw[field]?.joined.trimmingASCIIWhitespace() }
        var codes: [Field: String] = [:]
        let countries = raw[.issuerCountry]?.parts(splitting: true).map { $0.trimmingASCIIWhitespace() } ?? []
        let countryCodes = countries.compactMap(CountryCode.normalize)
        if !countries.isEmpty && countryCodes.count == countries.count { codes[.issuerCountry] = countryCodes.joined(separator: "|") }
        codes[.participationForm] = text(.participationForm).flatMap { Vocabulary.lookup(Vocabulary.participationForm, $0)?.rawValue }
        codes[.qualityAssurance] = text(.qualityAssurance).flatMap { Vocabulary.lookup(Vocabulary.qualityAssurance, $0)?.rawValue }
        codes[.assessmentType] = text(.assessmentType).map { (Vocabulary.lookup(Vocabulary.assessment, $0) ?? .other).rawValue }
        codes[.supervision] = text(.supervision).flatMap { Vocabulary.lookup(Vocabulary.supervision, $0)?.rawValue }
        codes[.status] = text(.status).flatMap { Vocabulary.lookup(Vocabulary.status, $0)?.rawValue }
        codes[.language] = text(.language).flatMap(LanguageCode.iso6391)
        return codes
    }
}
