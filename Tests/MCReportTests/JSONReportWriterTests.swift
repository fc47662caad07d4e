import Foundation
import MCAggregate
import MCReport
import Testing

@Suite struct JSONReportWriterTests {
    @Test func writesTheShapeOfReportsMd() throws {
        let table = ReportTable(name: "uptake", dimensions: UptakeJob.dimensions, measures: UptakeJob.measures,
                                disclosure: DisclosureLayout(credentialsMeasure: 0, learnersMeasure: 1), rows: [
            ReportRow(dimensions: ["DE", "2025", "_T", "_T", "_T"], measures: [.count(13), .count(12), .decimal("42.50")]),
            ReportRow(dimensions: ["DE", "2025", "6", "1-5", "onsite"], measures: [nil, nil, nil], status: .secondary),
        ])
        let files = JSONReportWriter().files(for: [table], context: RenderContext(minCell: 5))
        #expect(files.map(\.name) == ["uptake.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(files[0].bytes)) as? [String: Any])
        #expect(Set(json.keys) == ["report", "dimensions", "rows"])
        #expect(json["report"] as? String == "uptake")
        #expect(json["dimensions"] as? [String] == UptakeJob.dimensions)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows[0]["country"] as? String == "DE" && rows[0]["year"] as? String == "2025")
        #expect(rows[0]["credentials"] as? Int == 13 && rows[0]["ects_total"] as? Double == 42.5)
        #expect(rows[0]["status"] as? String == "")
        #expect(rows[1]["credentials"] is NSNull && rows[1]["status"] as? String == "D")
        // Keys keep column order, so the bytes are stable.
        let text = String(decoding: files[0].bytes, as: UTF8.self)
        #expect(text.contains("{\"country\": \"DE\", \"year\": \"2025\", \"eqf_level\": \"_T\", \"ects_band\": \"_T\", \"participation_form\": \"_T\", \"credentials\": 13, \"learners\": 12, \"ects_total\": 42.50, \"status\": \"\"}"))
    }
}
