import MCAggregate
import MCReport
import Testing

@Suite struct CSVReportWriterTests {
    @Test func writesTheUptakeHeaderExactlyAndBlanksSuppressedCells() {
        let table = ReportTable(name: "uptake", dimensions: UptakeJob.dimensions, measures: UptakeJob.measures, rows: [
            ReportRow(dimensions: ["DE", "2025", "_T", "_T", "_T"], measures: [.count(13), .count(12), .decimal("42.50")]),
            ReportRow(dimensions: ["DE", "2025", "6", "1-5", "onsite"], measures: [nil, nil, nil], status: .secondary),
        ])
        let text = String(decoding: CSVReportWriter().render(table), as: UTF8.self)
        #expect(text == """
            country,year,eqf_level,ects_band,participation_form,credentials,learners,ects_total,status
            DE,2025,_T,_T,_T,13,12,42.50,
            DE,2025,6,1-5,onsite,,,,D

            """)
        #expect(CSVReportWriter().fileName(for: table) == "uptake.csv")
    }

    @Test func quotesWhereNeeded() {
        let table = ReportTable(name: "t", dimensions: ["body"], measures: ["n"], hasStatus: false,
                                rows: [ReportRow(dimensions: ["Uni, \"North\""], measures: [.count(1)])])
        #expect(String(decoding: CSVReportWriter().render(table), as: UTF8.self) == "body,n\n\"Uni, \"\"North\"\"\",1\n")
    }
}
