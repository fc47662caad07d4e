import Foundation
import MCTestSupport
import Testing

/// reports.md "Disclosure control": the catalogue is protected as a whole, so a report written
/// alone (`--only`) publishes exactly the cells it has in the whole catalogue. Protecting only the
/// chosen reports would publish, say, a month of `trend` that the whole catalogue withholds to
/// protect another report's cell (a mutant doing so survived the suite before this test).
@Suite struct ReportSubsetTests {
    @Test(arguments: [["trend"], ["principles"], ["uptake", "learners"]])
    func aReportAloneIsTheSameAsInTheWholeCatalogue(only: [String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try MCStatProcess.ingestSampleData(into: "s.sqlite", in: directory)
        for minCell in ["5", "10"] {
            let whole = try MCStatProcess.run(["report", "--store", "s.sqlite", "--out", "whole-\(minCell)", "--formats", "csv",
                                               "--min-cell", minCell], in: directory)
            #expect(whole.status == 0, "\(whole.stderr)")
            let alone = try MCStatProcess.run(["report", "--store", "s.sqlite", "--out", "alone-\(minCell)", "--formats", "csv",
                                               "--min-cell", minCell, "--only", only.joined(separator: ",")], in: directory)
            #expect(alone.status == 0, "\(alone.stderr)")
            for report in only {
                let expected = try Data(contentsOf: directory.url.appendingPathComponent("whole-\(minCell)/\(report).csv"))
                let written = try Data(contentsOf: directory.url.appendingPathComponent("alone-\(minCell)/\(report).csv"))
                #expect(written == expected, "\(report).csv with --only \(only.joined(separator: ",")) --min-cell \(minCell)")
            }
        }
    }
}
