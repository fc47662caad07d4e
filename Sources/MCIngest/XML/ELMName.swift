/// The ELM v2 element names the mappers look up, by their index in ``table``: the ELM stream
/// marks each element it records with its name's index (``XMLNameSymbols``), so that
/// ``ELMXMLCells`` finds children by a number instead of reading their names.
enum ELMName: Int32, CaseIterable {
    case europassCredential, credentialSubject, identifier, nationalId, gender, citizenshipCountry, dateOfBirth
    case achievements, learningAchievement, title, text, wasAwardedBy, awardingBody, prefLabel, preferredName
    case hasLocation, hasAddress, country, spatialCode, registration, legalIdentifier, issuer, issued, validFrom, date
    case specifiedBy, learningOutcomes, learningOutcome, hasECTSCreditPoints, hasCreditPoints, volumeOfLearning, eqfLevel
    case mode, targetName, wasInfluencedBy, type, wasDerivedFrom, idVerificationMethod, grade, hasAccreditation
    case entryRequirementsNote, isPartialQualification, hasISCEDFCode, language

    /// The element's local name.
    var name: String { self == .hasISCEDFCode ? "hasISCED-FCode" : "\(self)" }

    /// Every name, in case order.
    static let table = XMLNameTable(allCases.map(\.name))
}
