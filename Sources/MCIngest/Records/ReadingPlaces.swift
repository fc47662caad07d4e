package import MCModel

/// Where each reader looks for a field, in the order of annex-i.md's reading rules, so that
/// `validate --explain` can name every place looked at when a value is absent.
///
/// A JSON place is written `/key/key`: `[]` on a key that may hold an array (any key may), `[0]`
/// its first item, `[name value]` the item whose `name` is `value`; a leading `…` stands for the
/// keys that lead to the claim (`/credentialSubject/hasClaim`, and its `awardedBy` before
/// `awardingBody`), a `…` inside a key for any characters; `, a/b` is the same place ending in
/// `a/b` instead of the last keys; a note is in parentheses. ReadingPlacesTests reads the places
/// as written: every pointer a mapper records in a real file must be one of them, and a
/// credential holding a value at one of them only must be read from there.
package enum ReadingPlaces {
    /// The places of `field` in files of `format`, first looked at first.
    package static func places(of field: Field, in format: InputFormat) -> [String] {
        switch format {
        case .csv: ["column \(field.rawValue) (or the column a profile names for it)"]
        // A JSON file or JSON Lines holds canonical records, or credentials of the shapes below.
        case .json, .jsonLines: ["key \"\(field.rawValue)\" (a canonical record)"] + shaped(field)
        case .xml: ["element <\(field.rawValue)> (repeated or |-joined)"]
        case .elmJSONLD: elmJSON[field] ?? []
        case .vcJWT: (jwtClaims[field].map { [$0] } ?? []) + (elmJSON[field] ?? []) + (openBadges3[field] ?? [])
        case .elmXML: elmXML[field] ?? []
        case .openBadges3: openBadges3[field] ?? []
        case .openBadges2: openBadges2[field] ?? []
        }
    }

    /// The places of `field` for `record`, read from a file of `format`: in a JSON file or JSON
    /// Lines, a canonical record's key alone (every value it has was found at the key of its
    /// element's name), else the places of the credential shapes; elsewhere those of the format.
    package static func places(of field: Field, in format: InputFormat, for record: RawRecord) -> [String] {
        guard format == .json || format == .jsonLines else { return places(of: field, in: format) }
        let found = Field.allCases.compactMap { field in record.location(of: field)?.pointer.map { (field, $0) } }
        let canonical = !found.isEmpty && found.allSatisfy { field, pointer in pointer.hasSuffix("/" + field.rawValue) }
        return canonical ? ["key \"\(field.rawValue)\""] : shaped(field)
    }

    /// The places of `field` in a credential of any JSON shape, each once.
    static func shaped(_ field: Field) -> [String] {
        var seen = Set<String>()
        return ((elmJSON[field] ?? []) + (openBadges3[field] ?? []) + (openBadges2[field] ?? [])).filter { seen.insert($0).inserted }
    }

    static let jwtClaims: [Field: String] = [
        .credentialId: "JWT claim jti", .learnerId: "JWT claim sub", .issueDate: "JWT claim nbf, else iat",
        .awardingBodyId: "JWT claim iss (as the credential's issuer)",
    ]

    static let elmJSON: [Field: [String]] = [
        .credentialId: ["/id"],
        .learnerId: ["/credentialSubject/id (unless urn:epass:…)", "/credentialSubject/identifier[]/notation",
                     "/credentialSubject/nationalID/notation, nationalId/notation"],
        .title: ["/credentialSubject/hasClaim/title", "/credentialSubject/hasClaim/specifiedBy/title", "/credentialSubject/achieved[]/title (EBSI v1)",
                 "/credentialSubject/learningAchievement/title (EBSI v1 VerifiableDiploma)"],
        .issuerCountry: ["…/awardedBy/awardingBody/location[]/address[]/countryCode", "…/awardingBody/location[]/spatial",
                         "…/awardingBody/eIDASIdentifier/spatial, legalIdentifier/spatial", "…/awardingBody/registration/spatial",
                         "/credentialSubject/hasClaim/awardedBy/location[]/spatial", "/issuer/location[]/address[]/countryCode"],
        .awardingBodyId: ["/credentialSubject/hasClaim/awardedBy/awardingBody/id (unless urn:epass:…)", "…/awardingBody/eIDASIdentifier/notation, legalIdentifier/notation",
                          "…/awardingBody/identifier[]/notation", "…/awardingBody/registration", "…/awardingBody/legalName, preferredName"],
        .awardingBodyName: ["…/awardingBody/legalName, preferredName, prefLabel"],
        .issueDate: ["/issued", "/issuanceDate", "/validFrom", "/credentialSubject/hasClaim/awardedBy/awardingDate"],
        .learningOutcomes: ["…/specifiedBy/learningOutcome[]/title", "…/specifiedBy/learningOutcomeSummary"],
        .ects: ["…/specifiedBy/creditPoint[framework ECTS]/point (the framework by URI or notation)",
                "…/specifiedBy/ectsCreditPoints, eCTSCreditPoints, ECTSCreditPoints (EBSI v1)",
                "/credentialSubject/learningSpecification/ectsCreditPoints (EBSI v1 VerifiableDiploma)"],
        .workloadHours: ["…/specifiedBy/volumeOfLearning (not an activity's)"],
        .eqfLevel: ["…/specifiedBy/eqfLevel (URI or notation)", "…/specifiedBy/eqflLevel (EBSI v1)",
                    "/credentialSubject/learningSpecification/eqfLevel (EBSI v1 VerifiableDiploma)"],
        .assessmentType: ["/credentialSubject/hasClaim/provenBy[0]/specifiedBy/dcType"],
        .participationForm: ["…/specifiedBy/mode", "/credentialSubject/hasClaim/influencedBy[]/specifiedBy/dcType (volunteering)"],
        .qualityAssurance: ["…/specifiedBy/accreditation[]/dcType", "…/awardingBody/accreditation[]/dcType"],
        .supervision: ["/credentialSubject/hasClaim/provenBy[0]/idVerification"],
        .grade: ["/credentialSubject/hasClaim/provenBy[0]/grade/noteLiteral"],
        .prerequisites: ["…/specifiedBy/entryRequirement/noteLiteral"],
        .stackability: ["…/specifiedBy/isPartialQualification", "/credentialSubject/hasClaim/isPartOf"],
        .iscedF: ["…/specifiedBy/thematicArea[0]"], .language: ["…/specifiedBy/language[0]"],
        .learnerBirthYear: ["/credentialSubject/dateOfBirth"], .learnerGender: ["/credentialSubject/gender"],
        .learnerCitizenship: ["/credentialSubject/citizenshipCountry"],
    ]

    static let elmXML: [Field: [String]] = [
        .credentialId: ["europassCredential/@cred:id"],
        .learnerId: ["credentialSubject/@id (unless urn:epass:…)", "credentialSubject/identifier", "credentialSubject/nationalId"],
        .title: ["learningAchievement/title"],
        .issuerCountry: ["awarding organization/hasLocation/hasAddress/country/@uri", "awarding organization/hasLocation/spatialCode/@uri",
                         "awarding organization/registration/@spatialID, legalIdentifier/@spatialId", "the same places on the issuer organization"],
        .awardingBodyId: ["learningAchievement/wasAwardedBy → awardingProcess/awardingBody → organization/@id (unless urn:epass:…)",
                          "organization/legalIdentifier", "organization/identifier", "organization/registration", "organization/prefLabel, preferredName"],
        .awardingBodyName: ["organization/prefLabel, preferredName"],
        .issueDate: ["cred:issued", "cred:validFrom", "awardingProcess/date"],
        .learningOutcomes: ["specification/learningOutcomes/learningOutcome (by idref)/prefLabel"],
        .ects: ["specification/hasECTSCreditPoints", "specification/hasCreditPoints with an ECTS scheme"],
        .workloadHours: ["specification/volumeOfLearning"], .eqfLevel: ["specification/eqfLevel/@uri"],
        .assessmentType: ["wasDerivedFrom/specifiedBy → assessmentSpecification/type/@uri"],
        .participationForm: ["specification/mode/@uri", "wasInfluencedBy → activity specification/type/@uri (volunteering)"],
        .qualityAssurance: ["specification/hasAccreditation → accreditation/type/@uri", "organization/hasAccreditation → accreditation/type/@uri"],
        .supervision: ["wasDerivedFrom/idVerificationMethod/@uri"], .grade: ["wasDerivedFrom/grade"],
        .prerequisites: ["specification/entryRequirementsNote"], .stackability: ["specification/isPartialQualification"],
        .iscedF: ["specification/hasISCED-FCode/@uri"], .language: ["specification/language/@uri"],
        .learnerBirthYear: ["credentialSubject/dateOfBirth"], .learnerGender: ["credentialSubject/gender/@uri"],
        .learnerCitizenship: ["credentialSubject/citizenshipCountry/@uri"],
    ]

    static let openBadges3: [Field: [String]] = [
        .credentialId: ["/id"], .learnerId: ["/credentialSubject/id", "/credentialSubject/identifier[]/identityHash"],
        .title: ["/credentialSubject/achievement/name"],
        .issuerCountry: ["/issuer/address/addressCountryCode", "/issuer/address/addressCountry"],
        .awardingBodyId: ["/issuer/id"], .awardingBodyName: ["/issuer/name"],
        .issueDate: ["/validFrom", "/issuanceDate", "/awardedDate"],
        .learningOutcomes: ["/credentialSubject/achievement/learningOutcome[]/title", "/credentialSubject/achievement/alignment[] (not ext:)/targetName",
                            "/credentialSubject/achievement/criteria/narrative", "/credentialSubject/achievement/description"],
        .ects: ["/credentialSubject/achievement/ECTS", "/credentialSubject/achievement/creditsAvailable"],
        .workloadHours: ["/credentialSubject/achievement/SBU", "/credentialSubject/achievement/timeInvestment"],
        .eqfLevel: ["/credentialSubject/achievement/alignment[targetType ext:EQF]/targetCode"],
        .assessmentType: ["/credentialSubject/achievement/assessmentType"],
        .participationForm: ["/credentialSubject/achievement/participationType"],
        .qualityAssurance: ["/credentialSubject/achievement/alignment[targetType ext:QualityAssurance]"],
        .supervision: ["/credentialSubject/achievement/supervisionType"], .grade: ["/credentialSubject/result[]/value"],
        .language: ["/credentialSubject/achievement/inLanguage"],
    ]

    static let openBadges2: [Field: [String]] = [
        .credentialId: ["/id"], .learnerId: ["/recipient/identity", "/recipient/id"], .title: ["/badge/name (the badge inline)"],
        .issuerCountry: ["/badge/issuer/address/addressCountryCode", "/badge/issuer/address/addressCountry",
                         "/issuer/address/addressCountryCode, addressCountry (when the badge names no issuer)"],
        .awardingBodyId: ["/badge/issuer/id", "/badge/issuer (a URL)", "/issuer (when the badge names none)"],
        .awardingBodyName: ["/badge/issuer/name", "/issuer/name"],
        .issueDate: ["/issuedOn", "/issuanceDate", "/issued_on (Open Badges 1.0)"],
        .learningOutcomes: ["/badge/extensions:…/LearningOutcome", "/badge/alignment[]/targetName", "/badge/criteria/narrative", "/badge/description"],
        .ects: ["/badge/extensions:ECTSExtension/ECTS"], .workloadHours: ["/badge/extensions:…/StudyLoad", "/badge/extensions:…/SBU"],
        .eqfLevel: ["/badge/extensions:EQFExtension/EQF"], .language: ["/badge/extensions:LanguageExtension/Language"],
    ]
}
