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

    @Test func sameTablesSameBytes() throws {
        let a = HTMLReportWriter().files(for: try catalogueTables(), context: RenderContext(minCell: 5))
        let b = HTMLReportWriter().files(for: try catalogueTables(), context: RenderContext(minCell: 5))
        #expect(a == b)
    }
}
