import Foundation
import MCIngest
import MCModel
import Testing

/// Real credential files published by other projects (Fixtures/wild, see its SOURCES.md): each is
/// read or refused for the reason the element quoted beside it decides.
@Suite struct WildFixtureTests {
    func wild(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/wild/" + name, withExtension: nil)!.path
    }

    func seen(_ name: String) throws -> String? {
        do {
            _ = try readRecords(wild(name))
            return nil
        } catch let error as IngestError {
            guard case .unknownFormat(_, let seen) = error else { return "\(error)" }
            return seen
        }
    }

    /// The other reasons a rejected record fails, beside its one reason.
    func also(_ record: RawRecord) -> [ReasonCode] {
        guard case .rejected(let rejection, _) = testNormalizer.normalize(record) else { return [] }
        return rejection.issue.also ?? []
    }

    /// `"vc":{"type":["VerifiableCredential","UniversityDegreeCredential"],"credentialSubject":{"degree":…}}`
    /// — a compact JWS with a payload (so never "CSV"), whose credential is no ELM or Open Badges award.
    @Test func w3cVCJWTIsNamedForWhatItHolds() throws {
        #expect(try FormatDetector.detect(path: wild("w3c-example-016-jwt.jwt")) == .vcJWT)
        let reason = try #require(try seen("w3c-example-016-jwt.jwt"))
        #expect(reason == "a verifiable credential of type UniversityDegreeCredential, neither an ELM nor an Open Badges credential (no hasClaim, achieved or achievement in its credentialSubject)")
    }

    /// `"verifiableCredential": ["eyJhbGciOiJSUzI1NiIs…"]` — the presentation is opened and the token
    /// inside it decoded: the same UniversityDegreeCredential.
    @Test func w3cPresentationOfAVCJWTIsOpened() throws {
        let reason = try #require(try seen("w3c-example-016-jwt-presentation.jsonld"))
        #expect(reason == "JSON holding a verifiable credential of type UniversityDegreeCredential, neither an ELM nor an Open Badges credential (no hasClaim, achieved or achievement in its credentialSubject)")
    }

    /// `<verifiablePresentation xmlns="http://data.europa.eu/europass/model/credentials#">` (the 2020
    /// draft namespace) holding one `europassCredential`: read, not "unknown format". Its
    /// `credentialSubject` has no `<achievements>`, and `<title lang="en">KULeuven Credential Master
    /// in Geology</title>` is the document's heading, not the micro-credential's (rule 6): the
    /// record is rejected missing_title.
    @Test func ecPresentationInThe2020DraftNamespace() throws {
        let (format, records) = try readRecords(wild("ec-edci_presentation-2020-draft.xml"))
        #expect(format == .elmXML)
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:example:credential:b576d4a4-c669-458b-ba17-23bd3237e177")
        #expect(r.text(.learnerId) == "86.02.20-409.89")   // credentialSubject id="" is blank: nationalId
        #expect(r.text(.learnerBirthYear) == "1986")
        #expect(r.provenance.line == 12)
        #expect(r.rejectReason == .missingTitle)
    }

    /// `"type": "Assertion"` with `"badge": {"type": "BadgeClass", "name": "Embedded badgeclass", …}` inline
    /// (rule 20): read as Open Badges 2.0. Its `"issuer": {"type": "Issuer", "name": "Basic Issuer",
    /// "url": …}` has no `id` and no address, so the record is rejected missing_issuer_country, and
    /// names missing_awarding_body_id among the others.
    @Test func edubadgesOpenBadges2AssertionWithItsBadgeInline() throws {
        let (format, records) = try readRecords(wild("edubadges-2_0_assertion_embedded_badgeclass.json"))
        #expect(format == .openBadges2)
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "http://a.com/assertion-embedded1")
        #expect(r.text(.learnerId) == "test@example.com")   // recipient.identity, "hashed": false
        #expect(r.text(.title) == "Embedded badgeclass")
        #expect(r.text(.awardingBodyName) == "Basic Issuer")
        #expect(r.text(.awardingBodyId) == nil)
        #expect(r.text(.issueDate) == "2017-06-29")        // "issuedOn": "2017-06-29T21:50:14+00:00"
        #expect(r.list(.learningOutcomes) == ["do it"])    // "criteria": {"narrative": "do it"}
        #expect(r.rejectReason == .missingIssuerCountry)
        #expect(also(r).contains(.missingAwardingBodyId))
    }

    /// The EBSI v1 Europass diploma (rule 20): `credentialSubject.achieved[0]` is the learning
    /// achievement, `"wasAwardedBy": {"awardingBody": ["did:ebsi:zsSgDXeYPhZ3AuKhTFneDf1"], …}` the
    /// awarding body, `"specifiedBy": {"eCTSCreditPoints": 120, "eqfLevel": "http://data.europa.eu/snb/eqf/5",
    /// "volumeOfLearning": "PT1440H", …}` its workload and level. The awarding body is a bare DID
    /// and no country is written anywhere: rejected missing_issuer_country.
    @Test func waltidEuropassDiplomaReadsItsAchievement() throws {
        let (format, records) = try readRecords(wild("waltid-Europass.json"))
        #expect(format == .elmJSONLD)
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:credential:5a4d5412-27e3-4540-a5e5-f1aa4d55b20c")
        #expect(r.text(.title) == "Master of Science in Civil Engineering")
        #expect(r.text(.awardingBodyId) == "did:ebsi:zsSgDXeYPhZ3AuKhTFneDf1")
        #expect(r.text(.issueDate) == "2020-07-20")     // "issuanceDate": "2020-07-20T13:58:53+02:00"
        #expect(r.text(.ects) == "120")
        #expect(r.text(.workloadHours) == "1440")
        #expect(r.text(.eqfLevel) == "5")
        #expect(r.list(.issuerCountry).isEmpty)
        #expect(r.rejectReason == .missingIssuerCountry)
    }

    /// A compact JWS whose payload's `"vc"` claim is the same kind of EBSI v1 Europass diploma
    /// (rule 19): the vc has no `id` nor `issuanceDate`, so `"jti": "urn:uuid:d8b54e8d-…"` and
    /// `"nbf": 1644364800` (2022-02-09T00:00:00Z) stand in. Its specification spells the level
    /// `"eqflLevel": "http://data.europa.eu/snb/eqf/5"` (as walt.id and other EBSI v1 wallets do) and
    /// is read as the EQF level. No country anywhere: rejected missing_issuer_country.
    @Test func waltidEuropassVCJWTReadsTheCredentialInItsPayload() throws {
        #expect(try FormatDetector.detect(path: wild("waltid-Europass-vc-jwt.jwt")) == .vcJWT)
        let (_, records) = try readRecords(wild("waltid-Europass-vc-jwt.jwt"))
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:uuid:d8b54e8d-0b72-4fd1-914d-04e4e8c9ff6a")
        #expect(r.text(.learnerId) == "did:ebsi:zyRvLVjChej1fZQYTK5Lkb7")   // "sub"
        #expect(r.text(.title) == "Master of Science in Civil Engineering")
        #expect(r.text(.awardingBodyId) == "did:ebsi:zsSgDXeYPhZ3AuKhTFneDf1")
        #expect(r.text(.issueDate) == "2022-02-09")
        #expect(r.text(.ects) == "120")                // "specifiedBy": [{"eCTSCreditPoints": 120, …}]
        #expect(r.text(.workloadHours) == "1440")
        #expect(r.text(.eqfLevel) == "5")
        #expect(r.rejectReason == .missingIssuerCountry)
    }

    /// An Edubadges micro-credential (Open Badges 3.0, rule 18): `"SBU": 500` is the study load in
    /// hours, and there is no `ECTS`. `"addressCountryCode": "XX"` is no country (bad_issuer_country)
    /// and the achievement has no `ext:QualityAssurance` alignment: rejected missing_quality_assurance.
    @Test func dc4euEdubadgesMicroCredentialStudyLoadHours() throws {
        let (format, records) = try readRecords(wild("dc4eu-theed_microcredential_full_mbo.json"))
        #expect(format == .openBadges3)
        let r = try #require(records.first)
        #expect(r.text(.title) == "Droid Maintenance and Repair")
        #expect(r.text(.workloadHours) == "500")
        #expect(r.text(.ects) == nil)
        #expect(r.text(.eqfLevel) == "4")                       // "targetType": "ext:EQF", "targetCode": "4"
        #expect(r.text(.participationForm) == "blended")        // "participationType": "onsite or blended"
        #expect(r.text(.assessmentType) == "other")             // "assessmentType": "testing"
        #expect(r.text(.supervision) == "supervised-onsite-id") // "onsite with identity verification"
        #expect(r.text(.issueDate) == "2024-08-30")             // "validFrom": "2024-08-30T00:00:00Z"
        #expect(r.list(.issuerCountry) == ["XX"])
        #expect(r.rejectReason == .missingQualityAssurance)
        #expect(also(r).contains(.badIssuerCountry))
    }

    /// `"@type": "ceterms:LearningOpportunityProfile"` — a CTDL description of a learning
    /// opportunity on offer, with no subject nor award: named for what it is, never read as records.
    @Test func credentialRegistryCTDLDescriptionIsNotAnAward() throws {
        let reason = try #require(try seen("credreg-learning_opportunity_profile-1_valid.json"))
        #expect(reason == "JSON holding a CTDL LearningOpportunityProfile description (ceterms:LearningOpportunityProfile), not an award")
    }

    /// The EBSI v1 VerifiableDiploma (rule 20): `"learningAchievement": {"title": "MASTERS LAW, ECONOMICS
    /// AND MANAGEMENT"}` is the achievement and `"awardingOpportunity": {"awardingBody": {"id":
    /// "did:ebsi:2LGK…", "preferredName": "Université de Lille"}}` the awarding body: read, not
    /// "unknown format". This published sample has no `id` (nor any issue date): rejected
    /// missing_credential_id.
    @Test func waltidVerifiableDiplomaIsReadAsAnEBSIV1Diploma() throws {
        let (format, records) = try readRecords(wild("waltid-VerifiableDiploma.json"))
        #expect(format == .elmJSONLD)
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.title) == "MASTERS LAW, ECONOMICS AND MANAGEMENT")
        #expect(r.text(.awardingBodyId) == "did:ebsi:2LGKvDMrNUPR6FhSNrXzQQ1h295zr4HwoX9UqvwAsenSKHe9")
        #expect(r.text(.awardingBodyName) == "Université de Lille")
        #expect(r.text(.learnerBirthYear) == "1993")      // "dateOfBirth": "1993-04-08T00:00:00Z"
        #expect(r.text(.credentialId) == nil)
        #expect(r.rejectReason == .missingCredentialId)
    }

    /// A VC-JWT whose `"vc"` is an EBSI v1 VerifiableDiploma (rules 19, 20): `"jti":
    /// "education#higherEducation#87ED…"`, `"sub"` and `"nbf": 1590969600` (2020-06-01T00:00:00Z)
    /// stand in for the missing id, learner and issue date; `"learningSpecification": {"ectsCreditPoints":
    /// 120, "eqfLevel": 7, …}`. The only place naming a country is `"location": "FRANCE"`, a name,
    /// not a code: rejected missing_issuer_country.
    @Test func waltidVerifiableDiplomaVCJWTReadsTheCredentialInItsPayload() throws {
        let (format, records) = try readRecords(wild("waltid-VerifiableDiploma-vc-jwt.jwt"))
        #expect(format == .vcJWT)
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "education#higherEducation#87ED2F2270E6C41456E94B86B9D9115B4E35BCCAD200A49B846592C14F79C86BV1Fnbllta0NZTnJkR3lDWlRmTDlSRUJEVFZISmNmYzJhUU5sZUJ5Z2FJSHpWbmZZ")
        #expect(r.text(.learnerId) == "did:ebsi:zsT2x3C1LZpsYmztjzjL354")
        #expect(r.text(.title) == "MASTER DROIT, ECONOMIE, GESTION")
        #expect(r.text(.awardingBodyId) == "did:ebsi:z242pBrKr3KdTwEEZxEdVtVq")
        #expect(r.text(.issueDate) == "2020-06-01")
        #expect(r.text(.ects) == "120")
        #expect(r.text(.eqfLevel) == "7")
        #expect(r.list(.issuerCountry).isEmpty)
        #expect(r.rejectReason == .missingIssuerCountry)
    }

    /// The Commission's 2020 EBSI draft of a Europass attestation: `"credentialSubject": {"@id":
    /// "did:essif:123121", "currentFamilyName": …}` holds only the person, and `"learningAchievement":
    /// {"@id": "urn:epass:learningAchievement:1", "title": {"text": {"#text": "Degree in Biology"}}}`
    /// sits beside it, at the root, in an XML-to-JSON shape no reading rule names: refused, named
    /// for what it is, never "CSV".
    @Test func ecDraftVerifiableAttestationIsNamedNotGuessed() throws {
        let reason = try #require(try seen("ec-VerifiableAttestation-Europass.json"))
        #expect(reason == "JSON holding a verifiable credential of type VerifiableCredential, neither an ELM nor an Open Badges credential (no hasClaim, achieved or achievement in its credentialSubject)")
    }

    /// The `{"elm": …}` envelope (rule 19) from the DC4EU wallet project: a Ladok export converted
    /// from ELMO 1.7, `{"elm": {"credentialSchema": …, "credentialSubject": …, "issued":
    /// "2025-01-23T13:30:48", "issuer": …}}`. The credential inside is read: its first claim
    /// `"title": {"sv": "Sjuksköterskeprogrammet", "en": "Bachelor Programme in Nursing"}`, awarded by
    /// `"awardingBody": {"identifier": [{"notation": "96", "schemeName": "larosateID"}, …], "id":
    /// "urn:epass:org:525cdfae-…"}` (a document-local id, so the first notation, rule 3) in
    /// `".../authority/country/SWE"`. The credential has no `id` of its own, only
    /// `"credentialSchema": {"id": …}`: rejected missing_credential_id. The programme claim carries no
    /// `creditPoint` (its courses in `hasPart` do, `"point": "7.5"` …), so no ECTS is read either.
    /// Its subject holds four `LearningAchievement` claims (three programmes, whose courses are
    /// `hasPart` parts, and "Political Science I"): four records, one per award (rule 24), each
    /// naming its claim; the parts are not records.
    @Test func dc4euElmEnvelopeIsOpened() throws {
        let (format, records) = try readRecords(wild("dc4eu-elm_3_2.json"))
        #expect(format == .elmJSONLD)
        #expect(records.map { $0.text(.title) } == ["Bachelor Programme in Nursing", "Bachelor Programme in Social Work",
                                                   "Bachelor's Programme in Business Administration", "Political Science I"])
        #expect(records.map(\.provenance.claim) == (0..<4).map { "claim \($0 + 1) of 4: /elm/credentialSubject/hasClaim/\($0)" })
        #expect(records.map { $0.text(.learnerId) } == Array(repeating: "195008212226", count: 4))
        #expect(records.map { $0.rejectReason } == Array(repeating: .missingCredentialId, count: 4))
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == nil)
        #expect(r.text(.learnerId) == "195008212226")    // credentialSubject.id is urn:epass:person:…: identifier[0]
        #expect(r.text(.learnerBirthYear) == "1951")     // "dateOfBirth": "1951-11-11T00:00:00"
        #expect(r.text(.title) == "Bachelor Programme in Nursing")
        #expect(r.text(.awardingBodyId) == "96")
        #expect(r.text(.awardingBodyName) == "The Blue lärosäte")
        #expect(r.list(.issuerCountry) == ["SE"])
        #expect(r.text(.issueDate) == "2025-01-23")
        #expect(r.text(.ects) == nil)
        #expect(r.rejectReason == .missingCredentialId)
        #expect(also(r).contains(.missingEctsAndWorkloadHours))
    }

    /// EBSI's presentation example (as vendored by walt.id): `"verifiableCredential": [{… "type":
    /// ["VerifiableCredential", "VerifiableAttestation", "VerifiableId"], "credentialSubject":
    /// {"familyName": …}}, {… "type": ["VerifiableCredential", "VerifiableAttestation"]}, "eyJ0eXAi…"]`:
    /// an identity credential, an attestation and a VerifiableAuthorisation as a VC-JWT. None is an
    /// award (rule 23), so nothing in the file can be read: refused, naming the first credential by
    /// place, id and types, and nothing of its subject.
    @Test func ebsiPresentationOfCredentialsThatAreNotAwards() throws {
        let reason = try #require(try seen("ebsi-presentation-example.json"))
        #expect(reason == "JSON holding the credential at /verifiableCredential/0 (id urn:uuid:b5bf4778-b8f5-4d76-aa0d-aab46ae9a8fe; type VerifiableCredential, VerifiableAttestation, VerifiableId) is a verifiable credential of type VerifiableId, neither an ELM nor an Open Badges credential (no hasClaim, achieved or achievement in its credentialSubject)")
        for personal in ["Castafiori", "Bianca", "IT/DE/1234", "1930"] { #expect(!reason.contains(personal)) }
    }

    /// A DC4EU transcript of records converted from ELMO 1.7 (University of Oslo test data): its
    /// subject holds two `LearningAchievement` claims, `"title": {"no": "Testing", "en": "Testing"}`
    /// and `{"no": "Brannsikkerhet", "en": "Fire Safety"}`, each with its own awarding body and
    /// credit points. Two records, one per award (rule 24), each naming its claim; the credential
    /// has no `id`, so both are rejected missing_credential_id.
    @Test func dc4euTranscriptOfTwoAwardsGivesTwoRecords() throws {
        let (format, records) = try readRecords(wild("dc4eu-HE-ToR-uio-elmo-1.7.json"))
        #expect(format == .elmJSONLD)
        #expect(records.map { $0.text(.title) } == ["Testing", "Fire Safety"])
        #expect(records.map(\.provenance.claim) == ["claim 1 of 2: /credentialSubject/hasClaim/0", "claim 2 of 2: /credentialSubject/hasClaim/1"])
        #expect(records.map(\.provenance.record) == [1, 2])
        #expect(records.map { $0.text(.learnerId) } == ["12345678910", "12345678910"])   // identifier.notation
        #expect(records.map { $0.text(.awardingBodyName) } == ["University of Oslo", "University of Oslo"])
        #expect(records[1].text(.awardingBodyId) == "185")
        #expect(records.map { $0.list(.issuerCountry) } == [["NO"], ["NO"]])
        #expect(records.map { $0.text(.issueDate) } == ["2025-03-25", "2025-03-25"])   // "issued": "2025-03-25T12:49:03"
        #expect(records[1].text(.eqfLevel) == "6")
        #expect(records[1].text(.iscedF) == "0588")
        #expect(records.map { $0.rejectReason } == [.missingCredentialId, .missingCredentialId])
    }

    /// DC4EU's bootstrapping batch: `{"100": {"meta": …, "identities": [{"family_name": …}],
    /// "document_display": …, "document_data": {"type": ["VerifiableCredential",
    /// "OpenBadgeCredential"], …}}, "101": …}` — 80 envelopes keyed by document number, each
    /// carrying its credential in `document_data` (rule 23). Each is read on its own: 80 Open
    /// Badges 3.0 records; the identities beside them are never read.
    @Test func dc4euBatchOfDocumentDataEnvelopes() throws {
        let (format, records) = try readRecords(wild("dc4eu-bootstrapping-microcredential.json"))
        #expect(format == .openBadges3)
        #expect(records.count == 80)
        #expect(records.map(\.provenance.record) == Array(1...80))
        let first = try #require(records.first)
        #expect(first.provenance.pointer == "/100/document_data")
        #expect(first.text(.credentialId) == "http://example.com/credentials/crd-A1B2C3")
        #expect(first.text(.title) == "Microcredential Argumenteren over Onzinnige Zaken")
        #expect(first.text(.learnerId) == "https://example.com/students/stu-4D5E6F")
        #expect(first.text(.ects) == "4.5")
        #expect(first.text(.eqfLevel) == "4")
        #expect(first.text(.issueDate) == "2024-08-30")
        #expect(records.allSatisfy { $0.text(.title) != nil })
    }

    /// The Commission's 2020 draft presentation, variant 2: `<verifiableCredential id="ID1">PD94bWwg…`
    /// holds "the FULL ORIGINAL CREDENTIAL DOCUMENT encoded using Base64" (its own comment). The
    /// text is decoded and the `europassCredential` inside read (rule 23): one record at the
    /// holder's line, the same credential as the inline variant (`ec-edci_presentation-2020-draft.xml`),
    /// rejected missing_title for the same reason; its values placed at the holder's line, since the
    /// decoded text's lines are not the file's.
    @Test func ecDraftPresentationWithABase64Credential() throws {
        let (format, records) = try readRecords(wild("ec-edci_presentation_alt2-base64.xml"))
        #expect(format == .elmXML)
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:example:credential:b576d4a4-c669-458b-ba17-23bd3237e177")
        #expect(r.text(.learnerId) == "86.02.20-409.89")
        #expect(r.text(.learnerBirthYear) == "1986")
        #expect(r.list(.issuerCountry) == ["BE"])
        #expect(r.provenance.line == 9)
        #expect(r.location(of: .credentialId) == nil)
        #expect(r.rejectReason == .missingTitle)
    }

    /// The Commission's ELM v2 diploma supplement: `<achievements><learningAchievement
    /// id="urn:epass:learningAchievement:3">` holds, under `<hasPart>`, two more
    /// `learningAchievement`s (its courses). Parts of the award, never records (rule 24): one
    /// record, "Master of Science in Civil Engineering", 120 ECTS, accepted.
    @Test func ecDiplomaSupplementPartsAreNotRecords() throws {
        let (format, records) = try readRecords(wild("ec-EDC_DiplomaSupplement_AA.xml"))
        #expect(format == .elmXML)
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.text(.credentialId) == "urn:credential:c55ae59c-0020-464b-89c7-0c9661da000c")
        #expect(r.text(.title) == "Master of Science in Civil Engineering")
        #expect(r.text(.ects) == "120")
        #expect(r.text(.awardingBodyId) == "https://data.deqar.eu/institution/879")
        #expect(r.list(.issuerCountry) == ["FI"])
        #expect(r.provenance.claim == nil)
        #expect(r.rejectReason == nil)
    }
}
