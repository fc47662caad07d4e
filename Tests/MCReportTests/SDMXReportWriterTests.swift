import Foundation
import MCAggregate
import MCReport
import MCModel
import MCTestSupport
import Testing

/// Every report computed over a random store, ready to write.
func catalogueTables(minCell: Int = 5, seed: UInt64 = 3) throws -> [ReportTable] {
    let snapshot = StoreSnapshot(credentials: randomCredentials(count: 1200, seed: seed).map(CredentialFact.init),
                                 rejections: [RejectionCount(awardingBodyId: "HS-1", reasonCode: "bad_ects", count: 3)])
    let context = ReportContext(snapshot: snapshot, minCell: minCell, runner: JobRunner())
    return try ReportCatalog.tables(in: context)
}

@Suite struct SDMXReportWriterTests {
    /// Observations a table gives: one per row and measure, but none for a share of nothing.
    static func observationCount(_ table: ReportTable) -> Int {
        table.rows.map { row in
            row.measures.indices.filter { row.measures[$0] != nil || row.status.isSuppressed || row.withheld.contains($0) }.count
        }.reduce(0, +)
    }

    @Test func writesTheHeaderAndOneRowPerObservationAndMeasure() throws {
        let tables = try catalogueTables()
        let files = SDMXReportWriter().files(for: tables, context: RenderContext(minCell: 5))
        #expect(files.map(\.name) == tables.map { "\($0.name).sdmx.csv" } + ["structure.xml"])
        let uptake = String(decoding: files[0].bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(uptake[0] == "STRUCTURE,STRUCTURE_ID,ACTION,COUNTRY,EQF_LEVEL,ECTS_BAND,PARTICIPATION_FORM,MEASURE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS")
        #expect(uptake.count - 1 == tables[0].rows.count * 3)
        // principles: a MEASURE per share; a withheld share is NaN with C, a share of nothing has no observation.
        let principles = try #require(tables.first { $0.name == "principles" })
        let principlesFile = try #require(files.first { $0.name == "principles.sdmx.csv" })
        let observations = String(decoding: principlesFile.bytes, as: UTF8.self).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(Set(observations.map { $0[4] }) == Set(principles.measures.map(\.code)))
        #expect(observations.count == SDMXReportWriterTests.observationCount(principles))
        let withheld = principles.rows.map(\.withheld.count).reduce(0, +)
        let primaryRows = principles.rows.filter { $0.status == .primary }.count
        #expect(observations.filter { $0[6] == "NaN" && $0[8] == "C" && $0[4].hasPrefix("SHARE_") }.count
                == withheld + primaryRows * PrinciplesJob.principles.count)
        #expect(tables.map { $0.rows.map(\.withheld.count).reduce(0, +) }.reduce(0, +) > 0)
        for line in uptake.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == 12)
            #expect(fields[0] == "dataflow" && fields[1] == "MCSTAT:UPTAKE(1.0.0)" && fields[2] == "I")
            #expect(["CREDENTIALS", "LEARNERS", "ECTS"].contains(fields[7]))
            if fields[9] == "NaN" {
                #expect(["C", "D"].contains(fields[11]) && fields[10] == "")
            } else {
                #expect(fields[10] == "A" && fields[11] == "")
                #expect(Double(fields[9]) != nil)
            }
        }
        // A code SDMX ids cannot hold is made safe, and named in full in its codelist.
        let quality = String(decoding: files[2].bytes, as: UTF8.self)
        #expect(quality.contains(",internal_external,"))
        #expect(!quality.contains("internal+external"))
        let structure = String(decoding: files.last!.bytes, as: UTF8.self)
        #expect(structure.contains("<str:Code id=\"internal_external\"><com:Name xml:lang=\"en\">internal+external</com:Name></str:Code>"))
        for table in tables {
            #expect(structure.contains("<str:Dataflow id=\"\(table.name.uppercased())\" agencyID=\"MCSTAT\" version=\"1.0.0\""))
            #expect(structure.contains("<str:DataStructure id=\"DSD_\(table.name.uppercased())\""))
        }
    }

    /// What pysdmx and sdmx1 (from PyPI, in the virtual environment `make test` makes) read of
    /// the SDMX files of `tables` written with `context`: sdmx1 against our structure.xml, each
    /// file's observation count checked by both readers; returns each file's counts for more checks.
    static func loadWithPythonReaders(_ tables: [ReportTable], context: RenderContext) throws -> [String: [String: Any]] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for file in SDMXReportWriter().files(for: tables, context: context) {
            try directory.write(file.name, Data(file.bytes))
        }
        let python = try Fixtures.venvPython("sdmx-venv", madeBy: "setup-sdmx-venv.sh")
        let output = try ProcessRunner.output(python, [Fixtures.packageRoot.appendingPathComponent("Tests/MCReportTests/sdmx/check_sdmx.py").path,
                                                       directory.url.path])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let files = try #require(result["files"] as? [String: [String: Any]])
        #expect((result["dataflows"] as? [String])?.count == tables.count)
        for table in tables {
            let counts = try #require(files["\(table.name).sdmx.csv"], "\(table.name)")
            let expected = SDMXReportWriterTests.observationCount(table)
            #expect(counts["sdmx1"] as? Int == expected, "\(table.name) sdmx1")
            #expect(counts["pysdmx"] as? Int == expected, "\(table.name) pysdmx")
        }
        return files
    }

    /// pysdmx and sdmx1 load every SDMX-CSV file and find every observation and suppressed value.
    @Test func pythonSDMXReadersLoadEveryFile() throws {
        let tables = try catalogueTables()
        let files = try Self.loadWithPythonReaders(tables, context: RenderContext(minCell: 5))
        for table in tables {
            let counts = try #require(files["\(table.name).sdmx.csv"], "\(table.name)")
            let suppressed = table.rows.filter { $0.status.isSuppressed }.count * table.measures.count
                + table.rows.map(\.withheld.count).reduce(0, +)
            #expect(counts["sdmx1_suppressed"] as? Int == suppressed, "\(table.name) suppressed")
            #expect(Set(counts["measures"] as? [String] ?? []) == Set(table.measures.map(\.code)), "\(table.name) measures")
        }
    }
}
