import Foundation
import MCTestSupport
import Testing

/// cli.md "Common": no message echoes record content beyond the one offending value. A stray
/// quote at the start of a cell makes libcsv read every row up to the next quote into that cell;
/// the rule that refuses the cell must not repeat it, since it holds other learners' records
/// (the audit campaign's one leak: a `bad_ects` value carrying another row's learner id).
@Suite struct SwallowedRowsTests {
    @Test func aCellThatSwallowedRowsIsNotRepeated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let header = CanonicalCSV.header.joined(separator: ",")
        // Row 1's ects cell opens a quote that row 3's ects cell closes: rows 2 and 3 are swallowed.
        let stray = CanonicalCSV.row().replacingOccurrences(of: ",5,", with: ",\"5,")
        let planted = CanonicalCSV.row(["credential_id": "C-2", "learner_id": "SECRET-LEARNER-7", "title": "Anna Plantedname"])
        let closing = CanonicalCSV.row(["credential_id": "C-3"]).replacingOccurrences(of: ",5,", with: ",5\",")
        try directory.write("stray.csv", [header, stray, planted, closing, CanonicalCSV.row(["credential_id": "C-4"])].joined(separator: "\n") + "\n")
        for format in ["text", "json"] {
            let result = try MCStatProcess.run(["validate", "--format", format, "stray.csv"], in: directory)
            #expect(result.status == 1 || result.status == 3, "\(result.stdout)\(result.stderr)")
            for secret in ["SECRET-LEARNER-7", "Plantedname"] {
                #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(format): \(secret) was echoed")
            }
        }
    }
}
