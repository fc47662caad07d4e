import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// What an XML file that holds no readable ELM credential is called (issue 22, "Messages"): the
/// element that is there, in the namespace it is in, or the learning opportunity it describes.
@Suite final class ELMXMLMessageTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    func seen(_ name: String, _ text: String) throws -> String? {
        do {
            _ = try readRecords(try directory.write(name, text))
            return nil
        } catch let error as IngestError {
            guard case .unknownFormat(_, let seen) = error else { return "\(error)" }
            return seen
        }
    }

    /// `<europassCredential>` without `xmlns`: the element is named as present, in no namespace,
    /// with the namespace it must be in (it was "root <europassCredential> holds no
    /// europassCredential element").
    @Test func aCredentialInNoNamespaceIsNamedAsThere() throws {
        let plain = ELMFixtures.v2Credential(id: "urn:credential:N")
            .replacingOccurrences(of: " xmlns=\"http://data.europa.eu/snb\"", with: "")
        #expect(!plain.contains("xmlns=\"http://data.europa.eu/snb\""))
        #expect(try seen("plain.xml", plain) == "XML holding <europassCredential> in no namespace, not in the ELM namespace http://data.europa.eu/snb (or the 2020 draft namespace http://data.europa.eu/europass/model/credentials#): declare xmlns=\"http://data.europa.eu/snb\" on it")
        let other = ELMFixtures.v2Credential(id: "urn:credential:O")
            .replacingOccurrences(of: "xmlns=\"http://data.europa.eu/snb\"", with: "xmlns=\"urn:example:other\"")
        #expect(try seen("other.xml", other)?.hasPrefix("XML holding <europassCredential> in namespace urn:example:other, not in the ELM namespace") == true)
    }

    /// A learning opportunity, in the ELM namespace (found by the reader) or as the root of a
    /// file in another (found by the detector), is named as a description, not an award.
    @Test func aLearningOpportunityIsNamedAsSuch() throws {
        let elm = """
            <?xml version="1.0" encoding="UTF-8"?>
            <learningOpportunities xmlns="http://data.europa.eu/snb">
              <learningOpportunity id="urn:epass:lo:1"><title><text lang="en">Data literacy</text></title></learningOpportunity>
            </learningOpportunities>
            """
        #expect(try seen("loo.xml", elm) == "XML holding an ELM learning opportunity (<learningOpportunities>, a description of learning on offer), not an award: it holds no europassCredential")
        let qms = """
            <?xml version="1.0" encoding="UTF-8"?>
            <qmsLearningOpportunities xmlns="http://data.europa.eu/europass/qms-xml/schema/learning-opportunities"><learningOpportunities/></qmsLearningOpportunities>
            """
        #expect(try seen("qms.xml", qms) == "XML holding an ELM learning opportunity (<qmsLearningOpportunities>, a description of learning on offer), not an award: it holds no europassCredential")
    }
}
