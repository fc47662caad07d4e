import Foundation
import MCIngest
import MCModel
import MCNormalize
import MCTestSupport
import Testing

/// annex-i.md rule 26 in the credential readers (Open Badges 1.0/2.0 and 3.0, ELM v3): a value
/// present but unreadable is its element's bad value, as written, never missing; an element
/// without a bad_ reason holding the wrong shape is absent, with a warning naming the shape.
/// Also the workload plausibility for 0 ECTS and identifiers whose scheme names a category.
@Suite final class UnreadableValueTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    func rejection(_ record: RawRecord) -> ValidationIssue? {
        if case .rejected(let rejection, _) = testNormalizer.normalize(record) { return rejection.issue }
        return nil
    }

    /// An Open Badges 1.0 hosted assertion: the badge is given by URL (rejected missing_title),
    /// and its impossible `"issuedOn": "2015-04-31"` is read as written (it was not read at all,
    /// so `--explain` called the date absent).
    @Test func openBadges1ImpossibleIssueDateIsReadAsWritten() throws {
        let record = try directory.onlyRecord("ob1.json", """
            {"uid": "123abc", "recipient": {"identity": "test@example.com", "hashed": false, "type": "email"},
             "badge": "http://a.com/badgeclass", "issuedOn": "2015-04-31",
             "verify": {"type": "hosted", "url": "http://a.com/instance"}}
            """)
        #expect(record.text(.issueDate) == "2015-04-31")
        #expect(record.location(of: .issueDate)?.pointer == "/issuedOn")
    }

    /// With its badge inline, the same impossible date rejects the record bad_issue_date, named
    /// as written; Open Badges 1.0's Unix timestamps are dates too.
    @Test func openBadgesImpossibleDateIsBadNotMissing() throws {
        func assertion(_ issuedOn: String) -> String {
            """
            {"uid": "1", "id": "https://example.org/a/1", "recipient": {"identity": "x@example.org", "hashed": false},
             "issuedOn": \(issuedOn),
             "badge": {"name": "Robotics", "criteria": {"narrative": "Builds robots"},
                       "issuer": {"id": "https://example.org/issuer", "name": "Ex", "address": {"addressCountryCode": "NL"}}}}
            """
        }
        let impossible = try directory.onlyRecord("bad.json", assertion("\"2015-04-31\""))
        let issue = try #require(rejection(impossible))
        #expect(issue.code == .missingEctsAndWorkloadHours)    // presence comes first (canonical-csv.md steps 2, 3)
        #expect(issue.also?.contains(.badIssueDate) == true)
        #expect(!(issue.also?.contains(.missingIssueDate) ?? false))
        // A badge name in several languages is a title; an object of other keys is none, with a warning.
        let named = try directory.onlyRecord("named.json", assertion("\"2015-04-30\"").replacingOccurrences(
            of: "\"name\": \"Robotics\"", with: "\"name\": {\"nl\": \"Robotica\", \"en\": \"Robotics\"}"))
        #expect(named.text(.title) == "Robotics")
        let shaped = try directory.onlyRecord("shaped.json", assertion("\"2015-04-30\"").replacingOccurrences(
            of: "\"name\": \"Robotics\"", with: "\"name\": {\"text\": \"Robotics\", \"size\": 12}"))
        #expect(shaped.text(.title) == nil)
        #expect(shaped.notes.contains { $0.field == "title" && $0.message == "title holds a JSON object, not a value; it was read as absent" })
        let revoked = try directory.onlyRecord("revoked.json", assertion("\"2015-04-30\"").replacingOccurrences(of: "\"uid\": \"1\",", with: "\"uid\": \"1\", \"revoked\": true,"))
        #expect(revoked.text(.status) == "revoked")
        let unix = try directory.onlyRecord("unix.json", assertion("1430438400"))
        #expect(unix.text(.issueDate) == "2015-05-01")     // 2015-05-01T00:00:00Z, Amsterdam 02:00
    }

    /// `"ECTS": {…}` in an Edubadges achievement is bad_ects with the object as written (it was read
    /// as the first member's 5 and accepted); a learner id written as an object is absent, with a
    /// warning naming the shape and never its content.
    @Test func openBadges3ObjectsWhereValuesAreExpected() throws {
        let base = try String(contentsOf: Bundle.module.url(forResource: "Fixtures/wild/dc4eu-theed_microcredential_full_mbo.json", withExtension: nil)!, encoding: .utf8)
        let ects = base.replacingOccurrences(of: "\"SBU\": 500", with: "\"ECTS\": {\"value\": 5, \"unit\": \"ECTS\"}")
        #expect(ects != base)
        let record = try directory.onlyRecord("ects.json", ects)
        #expect(record.text(.ects) == "{\"value\":5,\"unit\":\"ECTS\"}")
        let issue = try #require(rejection(record))
        #expect(issue.code == .badEcts || issue.also?.contains(.badEcts) == true)

        let json = try #require(try JSONSerialization.jsonObject(with: Data(base.utf8)) as? [String: Any])
        var subject = try #require(json["credentialSubject"] as? [String: Any])
        subject["id"] = ["type": "email", "value": "SECRET-LEARNER@example.org"]
        var changed = json
        changed["credentialSubject"] = subject
        let text = String(decoding: try JSONSerialization.data(withJSONObject: changed), as: UTF8.self)
        let learner = try directory.onlyRecord("learner.json", text)
        #expect(learner.text(.learnerId) == nil)
        let warning = try #require(learner.notes.first { $0.field == "learner_id" })
        #expect(warning.message == "learner_id holds a JSON object, not a value; it was read as absent")
        #expect(warning.pointer == "/credentialSubject/id")
        #expect(!warning.message.contains("SECRET"))
    }

    /// ELM v3 too: a learner id or a title that is an object is absent, with a warning that names
    /// its shape and never its content (read before as the object's first member).
    @Test func elmLearnerIdAndTitleObjectsAreAbsentWithAWarning() throws {
        let base = ELMFixtures.v3Credential()
        let learnerJSON = base.replacingOccurrences(of: "\"credentialSubject\": {\"id\": \"did:example:learner-1\"",
                                                    with: "\"credentialSubject\": {\"id\": {\"value\": \"SECRET-LEARNER\"}")
        #expect(learnerJSON != base)
        let learner = try directory.onlyRecord("elm-learner.json", learnerJSON)
        #expect(learner.text(.learnerId) == nil)
        let warning = try #require(learner.notes.first { $0.field == "learner_id" })
        #expect(warning.message == "learner_id holds a JSON object, not a value; it was read as absent")
        #expect(warning.pointer == "/credentialSubject/id")
        #expect(!warning.message.contains("SECRET"))

        let claim = try #require(base.range(of: "\"LearningAchievement\","))
        let key = try #require(base.range(of: "\"title\": ", range: claim.upperBound..<base.endIndex))
        var titleJSON = base
        titleJSON.replaceSubrange(key, with: "\"title\": {\"format\": \"SECRET-TITLE\", \"body\": 1}, \"formerTitle\": ")
        let titled = try directory.onlyRecord("elm-title.json", titleJSON)
        #expect(titled.text(.title) == nil)
        let note = try #require(titled.notes.first { $0.field == "title" })
        #expect(note.message == "title holds a JSON object, not a value; it was read as absent")
        #expect(note.pointer?.hasSuffix("/title") == true)
        #expect(!note.message.contains("SECRET"))
        // A language map stays a title.
        #expect(try directory.onlyRecord("elm.json", base).text(.title) == "Water management")
    }

    /// An ELM v3 credit point whose `point` is an object: bad_ects as written (read before as the
    /// object's first member).
    @Test func elmCreditPointObjectIsABadEcts() throws {
        let json = ELMFixtures.v3Credential().replacingOccurrences(of: "\"point\": \"7,5\"", with: "\"point\": {\"amount\": \"7,5\"}")
        let record = try directory.onlyRecord("point.json", json)
        #expect(record.text(.ects) == "{\"amount\":\"7,5\"}")
        let issue = try #require(rejection(record))
        #expect(issue.code == .badEcts)
        #expect(issue.value == "{\"amount\":\"7,5\"}")
    }

    /// Rule 21's range: 1,440 hours for 0 ECTS is more than 100 hours per credit, and warns.
    @Test func zeroECTSWithHoursIsImplausible() throws {
        let json = ELMFixtures.v3Credential().replacingOccurrences(of: "\"point\": \"7,5\"", with: "\"point\": \"0\"")
            .replacingOccurrences(of: "\"volumeOfLearning\": \"P60M\"", with: "\"volumeOfLearning\": \"PT1440H\"")
        let record = try directory.onlyRecord("zero.json", json)
        #expect(record.text(.ects) == "0" && record.text(.workloadHours) == "1440")
        let warning = try #require(record.notes.first { $0.code == .implausibleWorkload })
        #expect(warning.message == "1440 hours of workload for 0 ECTS gives no credit for that work; 1 ECTS is 25–30 hours")
        let none = try directory.onlyRecord("none.json", json.replacingOccurrences(of: "PT1440H", with: "PT0H"))
        #expect(!none.notes.contains { $0.code == .implausibleWorkload })
    }

    /// A sealed credential's issuer node names the awarding organisation again, with an extra
    /// location (the seat of the sealing service, LU) and more members; the claim writes the
    /// body out with its own location (BE). Only BE counts: the extra location made a joint BE|LU
    /// award before, the fuller issuer node having been taken for the body.
    @Test func aSealedIssuerNodesExtraLocationAddsNoCountry() throws {
        let sealed = ELMFixtures.v3Credential().replacingOccurrences(
            of: "\"awardingBody\": {\"id\": \"urn:epass:org:1\"}",
            with: "\"awardingBody\": {\"id\": \"urn:epass:org:1\", \"legalName\": {\"en\": \"Université Test\"}, \"location\": {\"address\": {\"countryCode\": {\"id\": \"http://publications.europa.eu/resource/authority/country/BEL\"}}}}")
            .replacingOccurrences(
                of: "\"location\": {\"address\": {\"countryCode\": {\"id\": \"http://publications.europa.eu/resource/authority/country/BEL\"}}},\n",
                with: "\"location\": [{\"address\": {\"countryCode\": {\"id\": \"http://publications.europa.eu/resource/authority/country/BEL\"}}}, {\"address\": {\"countryCode\": {\"id\": \"http://publications.europa.eu/resource/authority/country/LUX\"}}}],\n \"homepage\": \"https://example.org\",\n")
        #expect(sealed.contains("LUX") && sealed.contains("\"legalName\": {\"en\": \"Université Test\"}, \"location\""))
        let record = try directory.onlyRecord("sealed.json", sealed)
        #expect(record.list(.issuerCountry) == ["BE"])
        #expect(record.text(.awardingBodyId) == "BE-UT-1")   // the fuller node still gives the identifier
    }

    /// An identifier whose scheme names a category (`Type of institution`) is not the awarding
    /// body's id: the next identifier is (ELM v3 and v2).
    @Test func aCategoryIdentifierIsNotTheBodysId() throws {
        let json = ELMFixtures.v3Credential().replacingOccurrences(
            of: "\"identifier\": {\"notation\": \"BE-UT-1\"}",
            with: "\"identifier\": [{\"notation\": \"University\", \"schemeName\": \"Type of institution\"}, {\"notation\": \"BE-UT-1\", \"schemeName\": \"National register\"}]")
        #expect(json.contains("Type of institution"))
        #expect(try directory.onlyRecord("cat.json", json).text(.awardingBodyId) == "BE-UT-1")
        let xml = ELMFixtures.v2Credential(id: "urn:credential:T").replacingOccurrences(
            of: "<identifier>DE-HS-1</identifier>",
            with: "<identifier schemeName=\"Type of institution\">University of applied sciences</identifier><identifier schemeID=\"register\">DE-HS-1</identifier>")
        #expect(xml.contains("Type of institution"))
        #expect(try directory.onlyRecord("cat.xml", xml).text(.awardingBodyId) == "DE-HS-1")
        #expect(ConceptMap.namesACategory(scheme: "Institution category"))
        #expect(!ConceptMap.namesACategory(scheme: "Erasmus code"))
        #expect(!ConceptMap.namesACategory(scheme: "Prototype register"))   // whole words only
    }
}
