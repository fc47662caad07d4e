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
        let tables = catalogueTables(minCell: 5)
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
        #expect(!html.contains("src=\"http"))
    }

    @Test func sameTablesSameBytes() {
        let a = HTMLReportWriter().files(for: catalogueTables(), context: RenderContext(minCell: 5))
        let b = HTMLReportWriter().files(for: catalogueTables(), context: RenderContext(minCell: 5))
        #expect(a == b)
    }
}
