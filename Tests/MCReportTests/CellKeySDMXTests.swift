import Foundation
import MCAggregate
import MCModel
import MCReport
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
        _ = try SDMXReportWriterTests.loadWithPythonReaders(try perturbedTables(), context: RenderContext(minCell: 5, method: .cellKey))
    }
}
