/// Hand-made credential files for reader tests.
package enum ELMFixtures {
    /// One ELM v2 `europassCredential`: the awarding organisation and the specification are
    /// referenced by idref; `referencesFirst` puts the reference sections before their use.
    package static func v2Credential(id: String, learner: String = "STU-1", organisation: String = "DE-HS-1",
                                    country: String = "DEU", issued: String = "2025-03-14T10:00:00+01:00",
                                    eqf: String = "http://data.europa.eu/snb/eqf/6", ects: String = "5",
                                    mode: String = "920fbb3cbe", referencesFirst: Bool = false) -> String {
        let achievement = """
              <credentialSubject id="urn:epass:person:1">
                <identifier schemeID="student">\(learner)</identifier>
                <achievements>
                  <learningAchievement id="urn:epass:learningAchievement:1">
                    <title><text lang="de">Datenkompetenz</text><text lang="en">Data literacy</text></title>
                    <wasDerivedFrom id="urn:epass:assessment:1">
                      <grade>1.7</grade>
                      <idVerificationMethod uri="http://data.europa.eu/snb/supervision-verification/70be69aaf9"/>
                      <specifiedBy idref="urn:epass:assessmentSpec:1"/>
                    </wasDerivedFrom>
                    <wasAwardedBy idref="urn:epass:awardingProcess:1"/>
                    <specifiedBy idref="urn:epass:qualification:1"/>
                  </learningAchievement>
                </achievements>
              </credentialSubject>
            """
        let references = """
              <learningSpecificationReferences>
                <qualification id="urn:epass:qualification:1">
                  <title><text lang="en">Data literacy</text></title>
                  <hasISCED-FCode uri="http://data.europa.eu/snb/isced-f/0688 "/>
                  <volumeOfLearning>PT125H</volumeOfLearning>
                  <hasECTSCreditPoints>\(ects)</hasECTSCreditPoints>
                  <language uri="http://publications.europa.eu/resource/authority/language/DEU"/>
                  <mode uri="http://data.europa.eu/snb/learning-assessment/\(mode)"/>
                  <learningOutcomes>
                    <learningOutcome idref="urn:epass:learningOutcome:1"/>
                    <learningOutcome idref="urn:epass:learningOutcome:2"/>
                  </learningOutcomes>
                  <eqfLevel uri="\(eqf)"/>
                  <hasAccreditation idref="urn:epass:accreditation:1"/>
                </qualification>
              </learningSpecificationReferences>
              <learningOutcomeReferences>
                <learningOutcome id="urn:epass:learningOutcome:1"><prefLabel><text lang="en">Reads data</text></prefLabel></learningOutcome>
                <learningOutcome id="urn:epass:learningOutcome:2"><prefLabel><text lang="en">Explains charts</text></prefLabel></learningOutcome>
                <learningOutcome id="urn:epass:learningOutcome:3"><prefLabel><text lang="en">Not referenced</text></prefLabel></learningOutcome>
              </learningOutcomeReferences>
              <assessmentSpecificationReferences>
                <assessmentSpecification id="urn:epass:assessmentSpec:1">
                  <type uri="http://data.europa.eu/snb/assessment/6e6cb2cc78"/>
                  <mode uri="http://data.europa.eu/snb/learning-assessment/920fbb3cbe"/>
                </assessmentSpecification>
              </assessmentSpecificationReferences>
              <accreditationReferences>
                <accreditation id="urn:epass:accreditation:1"><type uri="http://data.europa.eu/snb/accreditation/bb4618238e"/></accreditation>
              </accreditationReferences>
              <agentReferences>
                <organization id="urn:epass:org:1">
                  <identifier>\(organisation)</identifier>
                  <prefLabel><text lang="en">University \(organisation)</text></prefLabel>
                  <hasLocation><hasAddress><country uri="http://publications.europa.eu/resource/authority/country/\(country)"/></hasAddress></hasLocation>
                </organization>
              </agentReferences>
              <awardingProcessReferences>
                <awardingProcess id="urn:epass:awardingProcess:1"><awardingBody idref="urn:epass:org:1"/><date>2025-01-01</date></awardingProcess>
              </awardingProcessReferences>
            """
        return """
            <europassCredential xmlns="http://data.europa.eu/snb" xmlns:cred="http://data.europa.eu/europass/model/credentials/w3c#" cred:id="\(id)">
              <cred:issued>\(issued)</cred:issued>
              <cred:issuer idref="urn:epass:org:1"/>
            \(referencesFirst ? references + "\n" + achievement : achievement + "\n" + references)
            </europassCredential>
            """
    }

    /// An ELM v2 credential whose subject holds two learning achievements directly (annex-i.md
    /// rule 24); the second has no assessment. With `part`, the first has a `hasPart`
    /// achievement of its own (a part, never a record).
    package static func v2TwoAwards(id: String, part: Bool = false) -> String {
        let partElement = part ? "        <hasPart><learningAchievement id=\"urn:epass:learningAchievement:9\"><title><text lang=\"en\">A part</text></title></learningAchievement></hasPart>\n" : ""
        return v2Credential(id: id).replacingOccurrences(of: "</learningAchievement>\n", with: partElement + """
              </learningAchievement>
              <learningAchievement id="urn:epass:learningAchievement:2">
                <title><text lang="en">Second award</text></title>
                <wasAwardedBy idref="urn:epass:awardingProcess:1"/>
                <specifiedBy idref="urn:epass:qualification:1"/>
              </learningAchievement>

            """)
    }

    /// A batch: credentials under a wrapper element.
    package static func v2Batch(_ credentials: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<batch>\n" + credentials.joined(separator: "\n") + "\n</batch>\n"
    }

    /// A minimal ELM v3 JSON-LD credential. With `ebsi`, every property is an array and language
    /// maps hold arrays, as in the EBSI VC 2.0 variant.
    package static func v3Credential(id: String = "urn:credential:1", ebsi: Bool = false, validFrom: String = "2022-12-31T23:00:00Z",
                                    country: String = "BEL") -> String {
        func many(_ json: String) -> String { ebsi ? "[\(json)]" : json }
        func lang(_ text: String) -> String { ebsi ? "{\"fr\": [\"\(text) (fr)\"], \"en\": [\"\(text)\"]}" : "{\"fr\": \"\(text) (fr)\", \"en\": \"\(text)\"}" }
        let organisation = """
            {"id": "urn:epass:org:1", "type": "Organisation", "legalName": \(lang("Université Test")),
             "identifier": \(many("{\"notation\": \"BE-UT-1\"}")),
             "location": \(many("{\"address\": \(many("{\"countryCode\": {\"id\": \"http://publications.europa.eu/resource/authority/country/\(country)\"}}"))}")),
             "accreditation": \(many("{\"dcType\": {\"id\": \"http://data.europa.eu/snb/accreditation/820101cba6\"}}"))}
            """
        return """
            {"@context": ["https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap"],
             "id": "\(id)", "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
             "issuer": \(organisation),
             "validFrom": "\(validFrom)",
             "credentialSubject": {"id": "did:example:learner-1", "type": "Person",
               "hasClaim": \(many("""
                 {"id": "urn:epass:learningAchievement:1", "type": "LearningAchievement",
                  "title": \(lang("Water management")),
                  "awardedBy": {"id": "urn:epass:awardingProcess:1", "awardingBody": \(many("{\"id\": \"urn:epass:org:1\"}"))},
                  "provenBy": \(many("""
                    {"id": "urn:epass:assessment:1", "grade": {"noteLiteral": \(lang("Very good"))},
                     "specifiedBy": {"dcType": \(many("{\"id\": \"http://data.europa.eu/snb/assessment/795dac4096\"}"))}}
                    """)),
                  "specifiedBy": {"id": "urn:epass:qualification:1", "type": "Qualification",
                    "title": \(lang("Water management")),
                    "creditPoint": \(many("{\"framework\": {\"id\": \"http://data.europa.eu/snb/education-credit/6fcec5c5af\"}, \"point\": \"7,5\"}")),
                    "volumeOfLearning": "P60M",
                    "eqfLevel": {"id": "http://data.europa.eu/snb/eqf/7"},
                    "mode": \(many("{\"id\": \"http://data.europa.eu/snb/learning-assessment/9191af2ed9\"}")),
                    "thematicArea": \(many("{\"id\": \"http://data.europa.eu/snb/isced-f/0532\"}")),
                    "learningOutcome": [{"title": \(lang("Models river basins"))}, {"title": \(lang("Plans flood defences"))}]}}
                 """))}}
            """
    }
}
