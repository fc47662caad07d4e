import Foundation
import MCIngest
import MCModel
import MCTestSupport
import Testing

/// annex-i.md rule 27: a status other than issued or revoked rejects the record bad_status, the
/// last value check, whichever reader the record came through.
@Suite final class StatusInEveryReaderTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    func issue(_ record: RawRecord) -> ValidationIssue? {
        if case .rejected(let rejection, _) = testNormalizer.normalize(record) { return rejection.issue }
        return nil
    }

    @Test func aWithdrawnAwardIsRejectedInEveryCanonicalForm() throws {
        let csv = try directory.onlyRecord("s.csv", CanonicalCSV.file([["status": "withdrawn"]]))
        let fields = CanonicalCSV.base.merging(["status": "suspended"]) { $1 }
        let json = try directory.onlyRecord("s.json", "[{" + fields.sorted { $0.key < $1.key }
            .map { "\(JSONText.string($0.key)): \(JSONText.string($0.value))" }.joined(separator: ", ") + "}]")
        let xml = try directory.onlyRecord("s.xml", "<credentials><credential>" + fields.sorted { $0.key < $1.key }
            .map { "<\($0.key)>\($0.value)</\($0.key)>" }.joined() + "</credential></credentials>")
        for (record, written) in [(csv, "withdrawn"), (json, "suspended"), (xml, "suspended")] {
            let rejected = try #require(issue(record))
            #expect(rejected.code == .badStatus)
            #expect(rejected.value == written)
        }
    }

    /// Open Badges 2.0 states revocation as `"revoked": true` (kept, not counted); anything but a
    /// boolean there is a status the rules do not know.
    @Test func anOpenBadgesRevocationIsAStatus() throws {
        func assertion(_ revoked: String) -> String {
            """
            {"type": "Assertion", "id": "https://example.org/a/1", "recipient": {"identity": "x@example.org", "hashed": false},
             "issuedOn": "2024-05-01", "revoked": \(revoked), "badge": {"type": "BadgeClass", "name": "Robotics"}}
            """
        }
        #expect(try directory.onlyRecord("t.json", assertion("true")).text(.status) == "revoked")
        #expect(try directory.onlyRecord("f.json", assertion("false")).text(.status) == "issued")
        let odd = try directory.onlyRecord("o.json", assertion("\"pending\""))
        #expect(odd.text(.status) == "pending")
        #expect(issue(odd)?.also?.contains(.badStatus) == true)
    }
}
