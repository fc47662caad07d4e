import Foundation
import MCAggregate
#if canImport(FoundationXML)
import FoundationXML
#endif
import MCReport
import MCTestSupport
import Testing

@Suite struct HTMLReportWriterTests {
    @Test func isWellFormedNamesEveryReportAndMarksSuppression() throws {
        let tables = try catalogueTables(minCell: 5)
        let files = HTMLReportWriter().files(for: tables, context: RenderContext(minCell: 5))
        #expect(files.map(\.name) == ["index.html"])
        let html = String(decoding: files[0].bytes, as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        // Well-formed: the document (without its doctype line) parses as XML.
        let document = try XMLDocument(xmlString: String(html.dropFirst("<!DOCTYPE html>\n".count)), options: [])
        #expect(document.rootElement()?.name == "html")
        let svgs = try document.nodes(forXPath: "//*[local-name()='svg']")
        #expect(svgs.count >= 4)
        for table in tables { #expect(html.contains("<strong>\(table.name)</strong>")) }
        #expect(html.contains("threshold k = 5"))
        #expect(html.contains("url(#suppressed)") || html.contains("class=\"suppressed\""))
        #expect(!html.contains("<script"))
        // The Principles section: a table per country and year, a bar and a sentence per share.
        let principles = try #require(tables.first { $0.name == "principles" })
        #expect(html.contains("<h2>Principles</h2>"))
        let blocks = try document.nodes(forXPath: "//*[local-name()='table'][@class='principles']")
        #expect(blocks.count == principles.rows.filter { !$0.status.isSuppressed }.count)
        #expect(html.components(separatedBy: "stands for").count - 1 == blocks.count * PrinciplesJob.principles.count)
        #expect(html.contains("it cannot show recognition decisions by other institutions or employers"))
        #expect(!html.contains("src=\"http"))
    }

    @Test func saysInWordsWhenDisclosureControlIsOff() throws {
        let off = String(decoding: HTMLReportWriter().files(for: try catalogueTables(minCell: 1), context: RenderContext(minCell: 1))[0].bytes, as: UTF8.self)
        #expect(off.contains("Disclosure control is switched off"))
        #expect(off.contains("must not be published"))
        let on = String(decoding: HTMLReportWriter().files(for: try catalogueTables(), context: RenderContext(minCell: 5))[0].bytes, as: UTF8.self)
        #expect(!on.contains("switched off"))
    }

    /// A chart never passes a sum of published cells off as a figure: on a sparse store every
    /// "by participation form" bar leaves suppressed cells out, so each is labelled `≥ N` (or
    /// drawn as suppressed), drawn pale, and the chart says how many cells it leaves out.
    @Test func sumsThatLeaveSuppressedCellsOutAreLowerBounds() throws {
        let tables = try catalogueTables(minCell: 5)
        let html = String(decoding: HTMLReportWriter().files(for: tables, context: RenderContext(minCell: 5, hold: 10))[0].bytes, as: UTF8.self)
        let uptake = try #require(tables.first { $0.name == "uptake" })
        let suppressed = uptake.rows.filter { $0.dimensions[2] != "_T" && $0.status.isSuppressed }.count
        #expect(suppressed > 0)
        let section = try #require(html.components(separatedBy: "<h2>Uptake by form of participation</h2>").last)
        #expect(section.contains("This chart leaves out \(suppressed) suppressed cell"))
        #expect(section.contains("stroke-dasharray") && section.contains(">≥ "))
        #expect(!html.contains("<span class=\"sup\">*</span>"))
        #expect(html.contains("Release hold:") && html.contains("at least 10 of its records"))
        let noHold = String(decoding: HTMLReportWriter().files(for: tables, context: RenderContext(minCell: 5, hold: 0))[0].bytes, as: UTF8.self)
        #expect(noHold.contains("No release hold") && noHold.contains("for internal use only"))
    }

    /// The page finds each breakdown by its dimension's name, not by its place: the catalogue
    /// with every table's dimensions in reverse order gives the same page, byte for byte.
    @Test func thePageIsTheSameWhateverTheOrderOfDimensions() throws {
        let tables = try catalogueTables(minCell: 5)
        let reversed = tables.map { table in
            var copy = table
            copy.dimensions.reverse()
            copy.rows = table.rows.map { row in
                var copy = row
                copy.dimensions.reverse()
                return copy
            }
            return copy
        }
        #expect(reversed.map(\.dimensions) != tables.map(\.dimensions))
        for context in [RenderContext(minCell: 5), RenderContext(minCell: 1)] {
            let page = String(decoding: HTMLReportWriter().files(for: tables, context: context)[0].bytes, as: UTF8.self)
            #expect(String(decoding: HTMLReportWriter().files(for: reversed, context: context)[0].bytes, as: UTF8.self) == page)
        }
    }

    /// Under the cell key method every cell is published (perturbed): the page marks none as
    /// suppressed or withheld, draws no lower bound, says in words that figures are slightly
    /// perturbed and not additive, and never names the method's parameters.
    @Test func inCellKeyModeNoPublishedCellIsMarkedSuppressed() throws {
        let tables = try CellKeySDMXTests().perturbedTables()
        let html = String(decoding: HTMLReportWriter().files(for: tables, context: RenderContext(minCell: 5, method: .cellKey, hold: 10))[0].bytes,
                          as: UTF8.self)
        #expect(html.contains("slightly perturbed") && html.contains("not additive"))
        for mark in ["class=\"suppressed\"", "url(#suppressed)", "suppressed</title>", ">suppressed<", ">≥ ", "stroke-dasharray",
                     "Hatched bars", "Hollow circles", "suppressed cell", "lower bound", "withheld", "<span class=\"sup\">", "threshold k"] {
            #expect(!html.contains(mark), "\(mark)")
        }
        for parameter in ["1.08", "D = 2", "variance", "ptable", "4096", "maximum noise"] { #expect(!html.contains(parameter), "\(parameter)") }
        #expect(html.contains("sum of perturbed cells"))
    }

    @Test func sameTablesSameBytes() throws {
        let a = HTMLReportWriter().files(for: try catalogueTables(), context: RenderContext(minCell: 5))
        let b = HTMLReportWriter().files(for: try catalogueTables(), context: RenderContext(minCell: 5))
        #expect(a == b)
    }
}
