import Foundation
import MCAggregate
import MCModel
import MCReport
import MCStore
import MCTestSupport
import Testing

/// SDMX under the cell key method: every value `OBS_STATUS` `A`, `CONF_STATUS` `F`, each dataflow
/// of a perturbed report annotated with the method, and the files still load with pysdmx and sdmx1.
@Suite struct CellKeySDMXTests {
    func perturbedTables() throws -> [ReportTable] {
        var g = SplitMix(seed: 11)
        let facts = randomCredentials(count: 1200, seed: 3).map { credential in
            var fact = CredentialFact(credential)
            fact.recordKeys = RecordKeys(credential: g.next(), learner: UInt64(credential.learnerKey.utf8.reduce(7) { $0 &* 31 &+ Int($1) }))
            return fact
        }
        var context = ReportContext(snapshot: StoreSnapshot(credentials: facts, rejections: []), minCell: 5, runner: JobRunner())
        context.method = .cellKey(.shipped)
        return try ReportCatalog.tables(in: context)
    }

    @Test func valuesAreFreeAndDataflowsAnnotated() throws {
        let tables = try perturbedTables()
        let files = SDMXReportWriter().files(for: tables, context: RenderContext(minCell: 5, method: .cellKey))
        for (table, file) in zip(tables, files) {
            let lines = String(decoding: file.bytes, as: UTF8.self).split(separator: "\n").dropFirst()
            #expect(!lines.isEmpty)
            let perturbed = table.disclosure != nil
            #expect(lines.allSatisfy { $0.hasSuffix(perturbed ? ",A,F" : ",A,") }, "\(table.name)")
        }
        let structure = String(decoding: try #require(files.last).bytes, as: UTF8.self)
        for table in tables {
            let flow = try #require(structure.range(of: "<str:Dataflow id=\"\(table.name.uppercased())\""))
            let end = try #require(structure.range(of: "</str:Dataflow>", range: flow.upperBound..<structure.endIndex))
            let annotated = structure[flow.upperBound..<end.lowerBound].contains("<com:AnnotationType>DISCLOSURE_METHOD</com:AnnotationType>")
            #expect(annotated == (table.disclosure != nil), "\(table.name)")
        }
        // Under suppression nothing is annotated.
        let suppressed = SDMXReportWriter().files(for: try catalogueTables(), context: RenderContext(minCell: 5))
        #expect(!String(decoding: try #require(suppressed.last).bytes, as: UTF8.self).contains("DISCLOSURE_METHOD"))
    }

    @Test func pythonSDMXReadersLoadThePerturbedFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tables = try perturbedTables()
        for file in SDMXReportWriter().files(for: tables, context: RenderContext(minCell: 5, method: .cellKey)) {
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
    }
}
