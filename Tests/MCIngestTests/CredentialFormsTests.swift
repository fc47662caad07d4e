import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// The forms of annex-i.md rules 16–21, each read through the format detector: envelopes,
/// presentations, flattened JSON-LD, compact JWS / VC-JWT, Open Badges 2.0, the EBSI v1 diploma,
/// the ELM v2 2020 draft namespace, concepts by notation, countries in other places, badge
/// platform hours, and what is not an award.
@Suite final class CredentialFormsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    func read(_ name: String, _ text: String) throws -> (format: InputFormat, records: [RawRecord]) {
        try readRecords(try directory.write(name, text))
    }

    func fatal(_ name: String, _ text: String) throws -> IngestError? {
        do { _ = try read(name, text); return nil } catch { return error as? IngestError }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func token(_ payload: String) -> String {
        base64URL("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + base64URL(payload) + ".c2lnbmF0dXJl"
    }

    // MARK: rule 19, wrappers and envelopes

    @Test func elmEnvelopeIsReadLikeTheCredentialWrapper() throws {
        let plain = try read("plain.json", ELMFixtures.v3Credential())
        let (format, records) = try read("elm.json", "{\"elm\": \(ELMFixtures.v3Credential())}")
        #expect(format == .elmJSONLD)
        #expect(records.map(\.values) == plain.records.map(\.values))
    }

    @Test func verifiablePresentationGivesOneRecordPerCredential() throws {
        let presentation = """
            {"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiablePresentation"], "holder": "did:example:holder",
             "verifiableCredential": [\(ELMFixtures.v3Credential(id: "urn:credential:A")), \(ELMFixtures.v3Credential(id: "urn:credential:B", country: "ESP"))]}
            """
        let (format, records) = try read("vp.json", presentation)
        #expect(format == .elmJSONLD)
        #expect(records.map { $0.text(.credentialId) } == ["urn:credential:A", "urn:credential:B"])
        #expect(records.map { $0.list(.issuerCountry) } == [["BE"], ["ES"]])
        #expect(records.map(\.provenance.pointer) == ["/verifiableCredential/0", "/verifiableCredential/1"])
        #expect(records.map(\.provenance.record) == [1, 2])
        // One credential, not a list.
        let single = try read("vp1.json", "{\"type\": \"VerifiablePresentation\", \"verifiableCredential\": \(ELMFixtures.v3Credential())}")
        #expect(single.records.count == 1)
    }

    @Test func flattenedJSONLDResolvesNodesByTheirIds() throws {
        let graph = """
            {"@context": "http://data.europa.eu/snb/model/context/edc-ap", "@graph": [
              {"id": "urn:epass:person:1", "type": "Person", "identifier": {"id": "urn:epass:identifier:1"},
               "hasClaim": {"id": "urn:epass:learningAchievement:1"}},
              {"id": "urn:epass:identifier:1", "type": "Identifier", "notation": "STU-7"},
              {"id": "urn:credential:G", "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
               "credentialSubject": {"id": "urn:epass:person:1"}, "issued": "2024-06-01T10:00:00+02:00"},
              {"id": "urn:epass:learningAchievement:1", "type": "LearningAchievement", "title": {"en": "Graph skills"},
               "awardedBy": {"id": "urn:epass:awardingProcess:1"}, "specifiedBy": {"id": "urn:epass:spec:1"}},
              {"id": "urn:epass:awardingProcess:1", "type": "AwardingProcess", "awardingBody": {"id": "urn:epass:org:1"}},
              {"id": "urn:epass:org:1", "type": "Organisation", "legalName": {"en": "Graph University"},
               "registration": {"id": "urn:epass:reg:1"}, "location": {"id": "urn:epass:location:1"}},
              {"id": "urn:epass:reg:1", "type": "LegalIdentifier", "notation": "DE-GU-1", "spatial": {"id": "http://publications.europa.eu/resource/authority/country/DEU"}},
              {"id": "urn:epass:location:1", "type": "Location", "address": {"id": "urn:epass:address:1"}},
              {"id": "urn:epass:address:1", "type": "Address", "countryCode": {"id": "http://publications.europa.eu/resource/authority/country/DEU"}},
              {"id": "urn:epass:spec:1", "type": "LearningAchievementSpecification", "volumeOfLearning": "PT50H",
               "learningOutcome": {"id": "urn:epass:lo:1"}, "eqfLevel": {"id": "http://data.europa.eu/snb/eqf/5"}},
              {"id": "urn:epass:lo:1", "type": "LearningOutcome", "title": {"en": "Reads graphs"}}]}
            """
        let (format, records) = try read("graph.jsonld", graph)
        #expect(format == .elmJSONLD)
        let r = try #require(records.first)
        #expect(records.count == 1)
        #expect(r.text(.credentialId) == "urn:credential:G")
        #expect(r.text(.learnerId) == "STU-7")
        #expect(r.text(.title) == "Graph skills")
        #expect(r.text(.awardingBodyId) == "DE-GU-1")   // local id: its registration
        #expect(r.list(.issuerCountry) == ["DE"])
        #expect(r.text(.issueDate) == "2024-06-01")
        #expect(r.text(.workloadHours) == "50")
        #expect(r.text(.eqfLevel) == "5")
        #expect(r.list(.learningOutcomes) == ["Reads graphs"])
        #expect(r.locations[Field.title.rawValue]?.pointer == "/@graph/3/title")
        #expect(r.locations[Field.workloadHours.rawValue]?.pointer == "/@graph/9/volumeOfLearning")
        // A cycle of references does not hang.
        let cycle = graph.replacingOccurrences(of: "\"type\": \"Identifier\", \"notation\": \"STU-7\"",
                                               with: "\"type\": \"Identifier\", \"notation\": \"STU-7\", \"next\": {\"id\": \"urn:epass:person:1\"}")
        #expect(try read("cycle.jsonld", cycle).records.count == 1)
    }

    @Test func vcJWTStandsInRegisteredClaimsForMissingMembers() throws {
        var credential = ELMFixtures.v3Credential()
        for member in ["\"id\": \"urn:credential:1\", ", "\"validFrom\": \"2022-12-31T23:00:00Z\",", "\"id\": \"did:example:learner-1\", "] {
            #expect(credential.contains(member))
            credential = credential.replacingOccurrences(of: member, with: "")
        }
        // nbf 1735686000 = 2024-12-31T23:00:00Z, 2025-01-01 in Brussels.
        let payload = "{\"iss\": \"did:example:issuer\", \"sub\": \"did:example:learner-9\", \"jti\": \"urn:credential:J\", \"nbf\": 1735686000, \"vc\": \(credential)}"
        let file = Self.token(payload) + "\n\n" + Self.token(payload.replacingOccurrences(of: "urn:credential:J", with: "urn:credential:K")) + "\n"
        let (format, records) = try read("creds.jwt", file)
        #expect(format == .vcJWT)
        #expect(records.count == 2)
        let r = records[0]
        #expect(r.text(.credentialId) == "urn:credential:J")
        #expect(r.text(.learnerId) == "did:example:learner-9")
        #expect(r.text(.issueDate) == "2025-01-01")
        #expect(r.text(.title) == "Water management")
        #expect(r.provenance.line == 1)
        #expect(records[1].provenance.line == 3)
        #expect(records[1].text(.credentialId) == "urn:credential:K")
        #expect(r.rejectReason == nil)
    }

    @Test func numericDatesBecomeUTCDateTimes() {
        #expect(CompactJWS.isoDateTime(.number("0")) == "1970-01-01T00:00:00Z")
        #expect(CompactJWS.isoDateTime(.number("1735686000")) == "2024-12-31T23:00:00Z")
        #expect(CompactJWS.isoDateTime(.number("951782400")) == "2000-02-29T00:00:00Z")
        #expect(CompactJWS.isoDateTime(.number("1541493724.9")) == "2018-11-06T08:42:04Z")
        #expect(CompactJWS.isoDateTime(.number("-1")) == "1969-12-31T23:59:59Z")
        #expect(CompactJWS.isoDateTime(.number("253402300799")) == "9999-12-31T23:59:59Z")
        #expect(CompactJWS.isoDateTime(.number("1e300")) == nil)
        #expect(CompactJWS.isoDateTime(.string("1735686000")) == nil)
    }

    @Test func compactJWSWithoutAPayloadIsNamedNotCalledCSV() throws {
        let header = Self.base64URL("{\"alg\":\"ES256\",\"typ\":\"JWT\"}")
        for (name, text) in [("header.jwt", header + "\n"), ("detached.jwt", header + "..c2ln\n")] {
            let error = try #require(try fatal(name, text), "\(name) was read")
            guard case .unknownFormat(_, let seen) = error else { Issue.record("\(name): \(error)"); continue }
            #expect(seen == "a compact JWS with no payload (a detached or header-only token)", "\(name)")
        }
        let notJSON = try #require(try fatal("junk.jwt", header + "." + Self.base64URL("not json") + ".c2ln\n"))
        #expect(notJSON.message.contains("a compact JWS whose payload is not JSON"))
    }

    @Test func presentationInsideAJWTAndJWTsInsideAPresentation() throws {
        let inner = Self.token("{\"vc\": \(ELMFixtures.v3Credential(id: "urn:credential:I"))}")
        let vp = "{\"type\": [\"VerifiablePresentation\"], \"verifiableCredential\": [\"\(inner)\", \(ELMFixtures.v3Credential(id: "urn:credential:P"))]}"
        #expect(try read("vp.json", vp).records.map { $0.text(.credentialId) } == ["urn:credential:I", "urn:credential:P"])
        let wrapped = Self.token("{\"vp\": \(vp)}")
        #expect(try read("vp.jwt", wrapped).records.map { $0.text(.credentialId) } == ["urn:credential:I", "urn:credential:P"])
    }

    // MARK: rule 20, other credential families

    @Test func openBadges2AssertionWithItsBadgeInline() throws {
        let assertion = """
            {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://example.org/assertions/1",
             "recipient": {"type": "email", "hashed": true, "salt": "s", "identity": "sha256$abc123"},
             "issuedOn": "2024-03-01T23:30:00Z", "verification": {"type": "hosted"},
             "badge": {"type": "BadgeClass", "id": "https://example.org/badges/1", "name": "Data Steward",
               "criteria": {"narrative": "Curates a data set"},
               "issuer": {"type": "Profile", "id": "https://example.org/issuer", "name": "Example College"},
               "extensions:ECTSExtension": {"type": ["Extension", "extensions:ECTSExtension"], "ECTS": 2.5},
               "extensions:EQFExtension": {"EQF": 5}}}
            """
        let (format, records) = try read("ob2.json", assertion)
        #expect(format == .openBadges2)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "https://example.org/assertions/1")
        #expect(r.text(.learnerId) == "sha256$abc123")
        #expect(r.text(.title) == "Data Steward")
        #expect(r.text(.awardingBodyId) == "https://example.org/issuer")
        #expect(r.text(.issueDate) == "2024-03-01")
        #expect(r.list(.learningOutcomes) == ["Curates a data set"])
        #expect(r.text(.ects) == "2.5")
        #expect(r.text(.eqfLevel) == "5")
        #expect(r.rejectReason == .missingIssuerCountry)   // an OB 2.0 profile states no country here
    }

    @Test func openBadges2BadgeByURLIsRejectedMissingTitleWithAHint() throws {
        let assertion = """
            {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://example.org/beths-robotics-badge.json",
             "recipient": {"type": "email", "hashed": true, "salt": "deadsea", "identity": "sha256$c7ef86"},
             "issuedOn": "2016-12-31T23:59:59Z", "badge": "https://example.org/robotics-badge.json", "verification": {"type": "hosted"}}
            """
        let r = try #require(try read("ob2url.json", assertion).records.first)
        #expect(r.rejectReason == .missingTitle)
        #expect(r.damage?.hint?.contains("BadgeClass inline") == true)
        #expect(r.damage?.pointer == "/badge")
    }

    @Test func ebsiV1DiplomaReadsItsAchievement() throws {
        let diploma = """
            {"@context": ["https://www.w3.org/2018/credentials/v1"], "id": "urn:uuid:diploma-1",
             "type": ["VerifiableCredential", "VerifiableAttestation", "Europass"], "issuer": "did:ebsi:issuer",
             "issuanceDate": "2021-06-30T22:00:00Z",
             "credentialSubject": {"id": "did:ebsi:learner", "identifier": [{"schemeID": "Student ID", "value": "X1"}],
               "achieved": [{"id": "urn:epass:learningAchievement:1", "title": "Master of Data",
                 "wasAwardedBy": {"id": "urn:epass:awardingProcess:1", "awardingBody": ["did:ebsi:university"],
                   "awardingDate": "2021-06-30T22:00:00Z", "awardingLocation": [{"id": "urn:epass:location:1"}]},
                 "specifiedBy": [{"id": "urn:epass:qualification:1", "title": "Master of Data",
                   "ectsCreditPoints": 120, "eqfLevel": "http://data.europa.eu/snb/eqf/7",
                   "learningOutcome": [{"title": "Analyses data"}]}]}]}}
            """
        let (format, records) = try read("ebsi-v1.json", diploma)
        #expect(format == .elmJSONLD)
        let r = try #require(records.first)
        #expect(r.text(.title) == "Master of Data")
        #expect(r.text(.awardingBodyId) == "did:ebsi:university")
        #expect(r.text(.ects) == "120")
        #expect(r.text(.eqfLevel) == "7")
        #expect(r.list(.learningOutcomes) == ["Analyses data"])
        #expect(r.rejectReason == .missingIssuerCountry)
        // walt.id's Europass example spells it eCTSCreditPoints.
        let spelled = try #require(try read("ebsi-v1b.json", diploma.replacingOccurrences(of: "ectsCreditPoints", with: "eCTSCreditPoints")).records.first)
        #expect(spelled.text(.ects) == "120")
    }

    @Test func elmV2InThe2020DraftNamespaceReadsLikeV2() throws {
        let v2 = ELMFixtures.v2Credential(id: "urn:credential:D")
        let draft = v2.replacingOccurrences(of: "xmlns=\"http://data.europa.eu/snb\"", with: "xmlns=\"http://data.europa.eu/europass/model/credentials#\"")
        #expect(draft != v2)
        let (format, records) = try read("draft.xml", draft)
        #expect(format == .elmXML)
        #expect(records.map(\.values) == (try read("v2.xml", v2)).records.map(\.values))
    }

    /// Rule 17 in ELM v2 XML: the registration's `@spatialID`, or (2020 draft) the location's
    /// spatial code, when the organisation has no address; the older ESCO EQF URI counts too.
    @Test func elmV2CountriesFromRegistrationAndSpatialCode() throws {
        let address = "<hasLocation><hasAddress><country uri=\"http://publications.europa.eu/resource/authority/country/DEU\"/></hasAddress></hasLocation>"
        let v2 = ELMFixtures.v2Credential(id: "urn:credential:R", eqf: "http://data.europa.eu/esco/eqf/7")
        #expect(v2.contains(address))
        let registered = try #require(try read("reg.xml", v2.replacingOccurrences(of: address, with: "<registration spatialID=\"AT\">FN-1</registration>")).records.first)
        #expect(registered.list(.issuerCountry) == ["AT"])
        #expect(registered.text(.eqfLevel) == "7")
        let spatial = v2.replacingOccurrences(of: address, with: "<hasLocation><spatialCode uri=\"http://publications.europa.eu/resource/authority/country/BEL\"/></hasLocation>")
        #expect(try read("spatial.xml", spatial).records.first?.list(.issuerCountry) == ["BE"])
    }

    @Test func descriptionsThatAreNotAwardsAreNamed() throws {
        let course = "{\"@context\": \"https://credreg.net/ctdl/schema/context/json\", \"@type\": \"ceterms:Course\", \"ceterms:name\": {\"en\": \"Data 101\"}}"
        let opportunity = "{\"id\": \"urn:epass:learningOpportunity:1\", \"type\": \"LearningOpportunity\", \"title\": {\"en\": \"Data 101\"}}"
        for (name, text, expected) in [("ctdl.json", course, "a CTDL course description (ceterms:Course), not an award"),
                                       ("lo.json", opportunity, "an ELM LearningOpportunity (a description of learning on offer), not an award")] {
            let error = try #require(try fatal(name, text))
            guard case .unknownFormat(_, let seen) = error else { Issue.record("\(error)"); continue }
            #expect(seen.contains(expected), "\(seen)")
        }
    }

    // MARK: rules 16–18

    @Test func conceptsByNotationAndCountriesInOtherPlaces() throws {
        var json = ELMFixtures.v3Credential()
        json = json.replacingOccurrences(of: "{\"id\": \"http://data.europa.eu/snb/education-credit/6fcec5c5af\"}", with: "{\"notation\": \"ects\"}")
        json = json.replacingOccurrences(of: "{\"id\": \"http://data.europa.eu/snb/eqf/7\"}", with: "{\"notation\": \"5\"}")
        // The awarding body's address goes; its eIDAS identifier carries the country.
        json = json.replacingOccurrences(of: "\"location\": {\"address\": {\"countryCode\": {\"id\": \"http://publications.europa.eu/resource/authority/country/BEL\"}}},",
                                         with: "\"eIDASIdentifier\": {\"notation\": \"ES-B-1\", \"spatial\": {\"notation\": \"ES\"}},")
        #expect(!json.contains("country/BEL"))
        let r = try #require(try read("pilot.json", json).records.first)
        #expect(r.text(.ects) == "7,5")
        #expect(r.text(.eqfLevel) == "5")
        #expect(r.list(.issuerCountry) == ["ES"])
        #expect(r.text(.awardingBodyId) == "ES-B-1")   // local id: its eIDAS identifier's notation
        #expect(r.locations[Field.issuerCountry.rawValue]?.pointer == "/issuer/eIDASIdentifier/spatial")
        // Only the claim's awarding location states a country.
        let claimOnly = json.replacingOccurrences(of: "\"eIDASIdentifier\": {\"notation\": \"ES-B-1\", \"spatial\": {\"notation\": \"ES\"}},", with: "")
            .replacingOccurrences(of: "\"awardingBody\": {\"id\": \"urn:epass:org:1\"}}", with: "\"awardingBody\": {\"id\": \"urn:epass:org:1\"}, \"location\": {\"spatial\": {\"notation\": \"PRT\"}}}")
        #expect(try read("claim.json", claimOnly).records.first?.list(.issuerCountry) == ["PT"])
    }

    @Test func edubadgesStudyLoadHoursAreTheWorkload() throws {
        let badge = """
            {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:b1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
             "issuer": {"id": "https://example.nl/issuer", "name": "MBO College", "address": {"addressCountryCode": "NL"}},
             "validFrom": "2024-08-30T00:00:00Z",
             "credentialSubject": {"id": "urn:student:1", "achievement": {"name": "Droid repair", "description": "Repairs droids", "SBU": 500,
               "timeInvestment": 7, "participationType": "online", "assessmentType": "testing",
               "alignment": [{"targetType": "ext:QualityAssurance", "targetName": "NVAO"}]}}}
            """
        let r = try #require(try read("sbu.json", badge).records.first)
        #expect(r.text(.workloadHours) == "500")
        #expect(r.text(.ects) == nil)
        #expect(r.rejectReason == nil)
        let hoursOnly = badge.replacingOccurrences(of: "\"SBU\": 500,", with: "")
        #expect(try read("hours.json", hoursOnly).records.first?.text(.workloadHours) == "7")
        let duration = hoursOnly.replacingOccurrences(of: "\"timeInvestment\": 7", with: "\"timeInvestment\": \"PT40H\"")
        #expect(try read("duration.json", duration).records.first?.text(.workloadHours) == "40")
    }

    /// Every value a credential reader maps carries its own position (a JSON pointer or a line),
    /// so that `validate --explain` can say where each came from.
    @Test(arguments: ["Sample-MC-Annex1-unsigned.jsonld", "Sample-MC-Annex1-signed.jsonld", "Sample-CertOfPart-unsigned.jsonld",
                      "Microcredential_Data_and_software_business.json", "open-badge-mc-example.json", "uvh_at_microcredential_full_1.json",
                      "Ildiko Mazar_Certificate of Excellence.xml", "EDC_SampleACT_AA.xml"])
    func everyMappedValueHasItsPosition(_ sample: String) throws {
        for record in try readRecords(referenceSample(sample)).records {
            let unplaced = record.values.keys.filter { record.locations[$0] == nil }.sorted()
            #expect(unplaced.isEmpty, "\(sample): \(unplaced)")
        }
    }
}
