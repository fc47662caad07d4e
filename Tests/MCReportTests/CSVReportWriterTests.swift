import MCAggregate
import MCReport
import Testing

@Suite struct CSVReportWriterTests {
    @Test func writesTheUptakeHeaderExactlyAndBlanksSuppressedCells() {
        let table = ReportTable(name: "uptake", dimensions: UptakeJob.dimensions, measures: UptakeJob.measures,
                                disclosure: DisclosureLayout(credentialsMeasure: 0, learnersMeasure: 1), rows: [
            ReportRow(dimensions: ["DE", "2025", "_T", "_T", "_T"], measures: [.count(13), .count(12), .decimal("42.50")]),
            ReportRow(dimensions: ["DE", "2025", "6", "1-5", "onsite"], measures: [nil, nil, nil], status: .secondary),
        ])
        let files = CSVReportWriter().files(for: [table], context: RenderContext(minCell: 5))
        #expect(files.map(\.name) == ["uptake.csv"])
        #expect(String(decoding: files[0].bytes, as: UTF8.self) == """
            country,year,eqf_level,ects_band,participation_form,credentials,learners,ects_total,status
            DE,2025,_T,_T,_T,13,12,42.50,
            DE,2025,6,1-5,onsite,,,,D

            """)
    }

    @Test func quotesWhereNeededAndHasNoStatusWithoutDisclosure() {
        let table = ReportTable(name: "t", dimensions: ["body"], measures: [MeasureSpec("n", label: "n")], disclosure: nil,
                                rows: [ReportRow(dimensions: ["Uni, \"North\""], measures: [.count(1)])])
        #expect(String(decoding: CSVReportWriter().render(table), as: UTF8.self) == "body,n\n\"Uni, \"\"North\"\"\",1\n")
    }
}
