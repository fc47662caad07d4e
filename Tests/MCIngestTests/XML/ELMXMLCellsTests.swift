import Foundation
import MCIngest
import MCModel
import MCNormalize
import MCTestSupport
import Testing

/// `validate` reads an ELM credential's values as cells on the bytes of its subtree
/// (`ELMXMLCells`) for the quick check, without the record the mapper builds: wherever it gives
/// cells, each must hold what the mapper's record holds for its field (a list's items joined by
/// `|`), and the record must carry no warning of the reader's. Checked against the mapper on
/// credentials drawn at random from hostile shapes of every element it reads (references before
/// and after use, missing or dangling idrefs, several bodies, modes and awards, white space,
/// non-ASCII codes, values holding `|`, dates and durations in every shape).
@Suite final class ELMXMLCellsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    static let snb = "http://data.europa.eu/snb"

    /// Random draws; a clean credential takes the first (good) choice five times in six, and
    /// every optional element, so that many pass the quick check.
    struct Draw {
        var generator: SplitMix
        var clean = false
        mutating func next() -> UInt64 { generator.next() }
    }

    /// One of `choices`.
    static func pick<T>(_ choices: [T], _ draw: inout Draw) -> T {
        draw.clean && draw.next() % 6 != 0 ? choices[0] : choices[Int(draw.next() % UInt64(choices.count))]
    }

    /// An element `<name>` holding `inner`, or nothing when `inner` is nil.
    static func element(_ name: String, _ inner: String?, attributes: String = "") -> String {
        guard let inner else { return "" }
        return "<\(name)\(attributes)>\(inner)</\(name)>"
    }

    /// A multilingual value in one of the shapes ELM writes it.
    static func localized(_ value: String, _ draw: inout Draw) -> String {
        switch draw.clean ? 0 : draw.next() % 6 {
        case 0: "<text lang=\"en\">\(value)</text>"
        case 1: "<text lang=\"fr\">Autre</text><text lang=\" EN-gb \">\(value)</text>"
        case 2: "<text lang=\"de\">\(value)</text><text lang=\"nl\">Ander</text>"
        case 3: value
        case 4: "<text lang=\"en\">  \(value) <!-- c --></text>"
        default: "<text lang=\"en\">   </text>"
        }
    }

    /// One credential drawn from `generator`.
    static func credential(_ number: Int, _ generator: inout SplitMix) -> String {
        var g = Draw(generator: generator)
        g.clean = g.next() % 3 == 0
        defer { generator = g.generator }
        func maybe(_ text: String, _ odds: UInt64 = 4) -> String { !g.clean && g.next() % odds == 0 ? "" : text }
        let uri = { (scheme: String, id: String) in "\(snb)/\(scheme)/\(id)" }
        let subjectID = pick(["urn:epass:person:1", "https://id.example/learner/\(number)", "", " urn:EPASS:p ", "  "], &g)
        let gender = pick(["\(snb)/human-sex/female", "http://publications.europa.eu/resource/authority/human-sex/MALE", "F", "m", "",
                           "…/human-sex/", "x", "unknown", "Ménage", "http://x/ female"], &g)
        let citizenship = pick(["http://publications.europa.eu/resource/authority/country/BEL", "fr", "DEU", "ZZZ", "", "ÉTÉ", "EUR",
                                "de|at", " irl "], &g)
        let birth = pick(["1992-08-19", " 1992-08-19 ", "1992-02-30", "1992", "1992-08-19T10:00:00Z", "1992-08-19T23:30:00-05:00",
                          "19.08.1992", "", "0099-01-01T00:00:00Z"], &g)
        let issued = pick(["2025-09-28T17:00:00+01:00", "2022-12-31T23:00:00Z", "2025-09-28", "2025-03-30T01:30:00+00:00",
                           "2025-09-28T17:00:00.5+0100", "2030-01-01", "bad", "  ", "2024-02-29T24:00:00Z", "1500-06-01T12:00:00Z",
                           "2025-10-26 01:00:00+02"], &g)
        let title = pick(["Renewable energy systems", "Données &amp; société", "R&amp;D", "", "A|B"], &g)
        let outcomeLabel = pick(["Sizes a system", "Uses | pipes", " ", "Évalue"], &g)
        let scheme = pick(["erasmus", "Type of institution", "SECTOR", "Categorie", "Catégorie", "kind-of", "", "typology"], &g)
        let country = pick(["http://publications.europa.eu/resource/authority/country/FRA", "DE", "irl", "EUR", "", "xx|yy", "Ω", "…/country/NLD "], &g)
        let ectsValue = pick(["3", "3,5", "", "abc", "0", " 60 ", "1e3"], &g)
        let volume = pick(["PT81H", "PT1H", "P2D", "PT90M", "", "abc", "PT99999999999999999999H", "pt30h", "P1Y", "PT5000H"], &g)
        let eqf = pick([uri("eqf", "7"), "7", uri("eqf", "9"), "level7", "http://data.europa.eu/esco/eqf/6 ", "", "/eqf/"], &g)
        let modeURIs = [uri("learning-assessment", "920fbb3cbe"), uri("learning-assessment", "729f3bed4b"), uri("learning-assessment", "0000000000"),
                        "http://data.europa.eu/europass/modeOfLearningAndAssessment/blended", "urn:epass:concept:1", uri("learning-assessment", "")]
        let modes = (0..<(g.clean ? 1 : Int(g.next() % 3))).map { _ in
            "<mode uri=\"\(pick(modeURIs, &g))\">\(element("targetName", pick([nil, "<text lang=\"en\">Online</text>", "Work based", "Nothing"], &g)))</mode>"
        }.joined()
        let assessmentType = pick([uri("assessment", "6a4db9f11d"), uri("assessment", "ffffffffff"), "urn:x", uri("assessment", "d30284d7df ")], &g)
        let method = pick([uri("supervision-verification", "c598449d64"), uri("supervision-verification", "70be69aaf9"),
                           uri("supervision-verification", "44314532f9"), uri("supervision-verification", "df2880c5cb"), uri("supervision-verification", "zz"), "urn:m"], &g)
        let accreditationType = pick([uri("accreditation", "bb4618238e"), uri("accreditation", "820101cba6"), uri("accreditation", "0"), ""], &g)
        let partial = pick(["true", " TRUE ", "True", "false", "yes", ""], &g)
        let isced = pick([uri("isced-f", "0713 "), uri("isced-f", ""), "0713", uri("isced", "0713")], &g)
        let language = pick(["http://publications.europa.eu/resource/authority/language/ENG", "fr", "en-GB", "xx", "ZZZ", "", "Ελ"], &g)
        let awards = g.clean ? 1 : g.next() % 12 == 0 ? 2 : g.next() % 15 == 0 ? 0 : 1

        let credits = pick([
            "<hasECTSCreditPoints>\(ectsValue)</hasECTSCreditPoints>",
            "<hasCreditPoints framework=\"\(snb)/education-credit/6fcec5c5af\">\(ectsValue)</hasCreditPoints>",
            "<hasCreditPoints schemeID=\"other\">9</hasCreditPoints><hasCreditPoints schemeID=\" ECTS \">\(ectsValue)</hasCreditPoints>",
            "<hasCreditPoints uri=\"x/credits\">\(ectsValue)</hasCreditPoints>", "",
        ], &g)
        let specification = """
            <qualification id="urn:epass:qualification:1">\(element("title", localized(title, &g)))\
            <hasISCED-FCode uri="\(isced)"/>\(maybe("<volumeOfLearning>\(volume)</volumeOfLearning>", 5))\(credits)\
            \(maybe("<language uri=\"\(language)\"/>"))\(modes)\
            <learningOutcomes><learningOutcome idref="urn:epass:learningOutcome:1"/><learningOutcome idref="\(pick(["urn:epass:learningOutcome:2", "urn:epass:nothing"], &g))"/></learningOutcomes>\
            \(maybe("<eqfLevel uri=\"\(eqf)\"/>"))<hasAccreditation idref="urn:epass:accreditation:1"/>\
            \(maybe("<entryRequirementsNote>\(localized("Basic maths", &g))</entryRequirementsNote>"))\
            \(maybe("<isPartialQualification>\(partial)</isPartialQualification>"))</qualification>
            """
        // The first body's own id: document-local (its identifiers name it) or not (it names it).
        let organisationID = pick(["urn:epass:org:1", "https://org.example/\(number % 5)", "urn:epass:org:1"], &g)
        let identifiers = pick([
            "<identifier schemeID=\"\(scheme)\">XX-\(number % 7)</identifier>",
            "<identifier schemeName=\"\(scheme)\">Public</identifier><identifier>XX-2</identifier>",
            "<legalIdentifier spatialID=\"\(country)\">LEI-1</legalIdentifier>", "<registration spatialId=\"BE\">  </registration>", "",
        ], &g)
        let location = pick([
            "<hasLocation><hasAddress><country uri=\"\(country)\"/></hasAddress></hasLocation>",
            "<hasLocation><spatialCode uri=\"\(country)\"/></hasLocation><hasLocation><hasAddress><country uri=\"BE\"/></hasAddress></hasLocation>",
            "<hasLocation><spatialCode uri=\"\(country)\"/></hasLocation>", "",
        ], &g)
        let organisation = """
            <organization id="\(organisationID)">\(identifiers)\
            \(element(pick(["prefLabel", "preferredName"], &g), localized("Bench University", &g)))\(location)\
            \(maybe("<hasAccreditation idref=\"urn:epass:accreditation:1\"/>", 3))</organization>\
            <organization id="urn:epass:org:2"><identifier>SECOND</identifier>\
            <hasLocation><hasAddress><country uri="\(pick(["IRL", "FRA", country], &g))"/></hasAddress></hasLocation></organization>
            """
        let org = pick([organisationID, organisationID, "URN:EPASS:org:9", "  \(organisationID) "], &g)
        let bodies = pick(["<awardingBody idref=\"\(org)\"/>", "<awardingBody idref=\"urn:epass:org:2\"/><awardingBody idref=\"\(organisationID)\"/>",
                           "<awardingBody idref=\"urn:epass:none\"/>", ""], &g)
        let grade = element("grade", maybe(localized("14/20", &g)))
        let derived = maybe("<wasDerivedFrom id=\"urn:epass:assessment:1\">\(grade)<idVerificationMethod uri=\"\(method)\"/>"
                            + "<specifiedBy idref=\"urn:epass:assessmentSpec:1\"/></wasDerivedFrom>", 6)
        let achievement = """
            <learningAchievement id="urn:epass:learningAchievement:1">\(element("title", localized(title, &g)))\(derived)\
            \(maybe("<wasAwardedBy idref=\"urn:epass:awardingProcess:1\"/>", 8))\
            \(maybe("<wasInfluencedBy><specifiedBy idref=\"urn:epass:activity:1\"/></wasInfluencedBy>", 2))\
            <specifiedBy idref="\(pick(["urn:epass:qualification:1", "urn:epass:qualification:1", "urn:epass:missing"], &g))"/></learningAchievement>
            """
        let references = """
            <learningSpecificationReferences>\(specification)\
            <learningActivitySpecification id="urn:epass:activity:1"><type uri="\(snb)/learning-activity/59eaf34fab"/></learningActivitySpecification>\
            </learningSpecificationReferences>\
            <learningOutcomeReferences><learningOutcome id="urn:epass:learningOutcome:1"><prefLabel>\(localized(outcomeLabel, &g))</prefLabel></learningOutcome>\
            <learningOutcome id="urn:epass:learningOutcome:2"><prefLabel><text lang="en">Compares storage</text></prefLabel></learningOutcome></learningOutcomeReferences>\
            <assessmentSpecificationReferences><assessmentSpecification id="urn:epass:assessmentSpec:1"><type uri="\(assessmentType)">\
            \(element("targetName", maybe("<text lang=\"en\">Viva</text>", 2)))</type>\
            \(maybe("<mode uri=\"\(pick(modeURIs, &g))\"/>", 2))</assessmentSpecification></assessmentSpecificationReferences>\
            <accreditationReferences><accreditation id="urn:epass:accreditation:1"><type uri="\(accreditationType)"/></accreditation></accreditationReferences>\
            <agentReferences>\(organisation)</agentReferences>\
            <awardingProcessReferences><awardingProcess id="urn:epass:awardingProcess:1">\(bodies)\
            \(maybe("<date>2024-05-01</date>", 2))</awardingProcess></awardingProcessReferences>
            """
        let subject = """
            <credentialSubject\(subjectID.isEmpty ? "" : " id=\"\(subjectID)\"")>\
            \(maybe("<identifier schemeID=\"student-number\">\(pick(["STU-\(number)", "  ", ""], &g))</identifier>", 3))\
            \(maybe("<nationalId> NID-\(number) </nationalId>", 3))\(maybe("<gender uri=\"\(gender)\"/>", 3))\
            \(maybe("<citizenshipCountry uri=\"\(citizenship)\"/>", 3))\(maybe("<dateOfBirth>\(birth)</dateOfBirth>", 3))\
            <achievements>\(Array(repeating: achievement, count: awards).joined())</achievements></credentialSubject>
            """
        let dates = "\(maybe("<cred:validFrom>2025-01-02</cred:validFrom>", 2))\(maybe("<cred:issued>\(issued)</cred:issued>", 6))"
        let issuer = "<cred:issuer idref=\"\(pick([organisationID, "urn:epass:org:2", "nobody"], &g))\"/>"
        let body = g.next() % 2 == 0 ? "\(dates)\(issuer)\(subject)\(references)" : "\(references)\(subject)\(issuer)\(dates)"
        let id = pick([" cred:id=\"urn:credential:\(number)\"", " id=\" urn:credential:\(number) \"", ""], &g)
        return "<europassCredential xmlns=\"\(snb)\" xmlns:cred=\"http://data.europa.eu/europass/model/credentials/w3c#\"\(id)>\(body)</europassCredential>\n"
    }

    /// The value of each field as the record holds it (a list joined by `|`), nil for a list
    /// with an item holding `|`, which cells cannot hold.
    static func cellValues(of record: RawRecord) -> [String]? {
        var values: [String] = []
        for field in Field.allCases {
            if case .list(let items)? = record[field], items.contains(where: { $0.contains("|") }) { return nil }
            values.append(record[field]?.joined ?? "")
        }
        return values
    }

    static func values(of cells: FieldCells) -> [String] {
        Field.allCases.map { field in
            let index = cells.storage.cellOfField[field.ordinal]
            guard index >= 0 else { return "" }
            return String(decoding: cells.bytes[(index == 0 ? 0 : cells.ends[index - 1])..<cells.ends[index]], as: UTF8.self)
        }
    }

    /// Reads `count` credentials drawn from `seed` through the reader: (credentials with cells,
    /// with none, passed quickly).
    func check(seed: UInt64, count: Int = 2000) throws -> (cells: Int, none: Int, quick: Int) {
        var generator = SplitMix(seed: seed)
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<credentialBatch>\n"
        for number in 1...count { text += ELMXMLCellsTests.credential(number, &generator) }
        var reader = try ELMXMLReader(path: try directory.write("cells-\(seed).xml", text + "</credentialBatch>\n"))
        let normalizer = Normalizer(pseudonymizer: .withoutKeys)
        let check = try #require(QuickCheck(normalizer))
        var withCells = 0, without = 0, quick = 0, number = 0
        while let piece = try reader.nextPiece() {
            number += 1
            for item in try piece.decode() where item.fileIssue == nil {
                let record = item.record()
                guard let cells = item.cells else {
                    without += 1
                    continue
                }
                withCells += 1
                #expect(record.notes.isEmpty && record.damage == nil && record.provenance.claim == nil,
                        "credential \(number) of seed \(seed) has cells, but its record carries the reader's issues: \(record.notes)")
                let expected = ELMXMLCellsTests.cellValues(of: record)
                #expect(expected == ELMXMLCellsTests.values(of: cells), "credential \(number) of seed \(seed): cells and record differ")
                if check.accepts(cells) {
                    quick += 1
                    let clean = if case .accepted(_, _, let warnings) = normalizer.normalize(record), warnings.isEmpty { true } else { false }
                    #expect(clean, "credential \(number) of seed \(seed) passed quickly, but the rules do not accept it cleanly")
                }
            }
        }
        #expect(number == count)
        return (withCells, without, quick)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func cellsHoldWhatTheMappersRecordHolds(seed: UInt64) throws {
        let (cells, none, quick) = try check(seed: seed)
        // Both paths are taken: most credentials are read on their bytes, some by the mapper only.
        #expect(cells > none, "\(cells) credentials read as cells, \(none) not")
        #expect(none > 0)
        #expect(quick > cells / 10, "\(quick) of \(cells) credentials read as cells passed quickly")
    }

    /// A credential of the usual shape is read as cells, and passes the quick check.
    @Test func aTypicalCredentialIsReadAsCells() throws {
        let path = try directory.write("one.xml", ELMFixtures.v2Credential(id: "urn:credential:A"))
        var reader = try ELMXMLReader(path: path)
        let piece = try #require(try reader.nextPiece())
        let item = try #require(try piece.decode().first)
        let cells = try #require(item.cells)
        #expect(ELMXMLCellsTests.values(of: cells) == ELMXMLCellsTests.cellValues(of: item.record()))
        #expect(try #require(QuickCheck(Normalizer(pseudonymizer: .withoutKeys))).accepts(cells))
    }
}
