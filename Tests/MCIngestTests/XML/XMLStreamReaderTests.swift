import Foundation
@testable import MCIngest
import MCModel
import MCTestSupport
import Testing

/// The SAX2 streaming reader: subtrees whole across the file's chunks, text as libxml2 gives a
/// tree of it, and errors after the subtrees before them.
@Suite final class XMLStreamReaderTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    /// Every `<credential>` of a file, read with the reader.
    func credentials(_ text: String) throws -> [XMLElement] {
        let reader = try XMLStreamReader(path: try directory.write("doc.xml", text))
        var elements: [XMLElement] = []
        while let element = try reader.next(where: { name, _, depth in depth == 1 && name == "credential" }) { elements.append(element) }
        return elements
    }

    @Test func subtreesAreWholeAcrossChunks() throws {
        // Values long enough that many straddle a chunk boundary; entities, character references
        // and CDATA arrive as separate pieces of text.
        let count = 3_000
        var text = "<?xml version=\"1.0\"?>\n<credentials>\n"
        for number in 0..<count {
            let filler = String(repeating: "x", count: 40 + number % 700)
            text += "<credential n=\"\(number) &amp; co\"><title>T\(number) &lt;\(filler)&#233;<![CDATA[<c>]]></title><empty/></credential>\n"
        }
        text += "</credentials>\n"
        #expect(text.utf8.count > 4 * XMLStreamReader.chunkSize)
        let elements = try credentials(text)
        #expect(elements.count == count)
        for (number, element) in elements.enumerated() {
            let filler = String(repeating: "x", count: 40 + number % 700)
            #expect(element.attribute("n") == "\(number) & co")
            #expect(element.child("title")?.text == "T\(number) <\(filler)é<c>")
            #expect(element.line == number + 3)
            #expect(element.children.map(\.name) == ["title", "empty"])
        }
    }

    @Test func textIsJoinedAndBlanksKeptAsATreeWouldKeepThem() throws {
        let text = """
            <credentials>
              <credential>
                <mixed>a<b/>b<!-- note -->c<i>inner</i>d</mixed>
                <blank>   </blank>
                <wrapper>
                  <inner>x</inner>
                </wrapper>
              </credential>
            </credentials>
            """
        let element = try #require(try credentials(text).first)
        #expect(element.child("mixed")?.text == "abcd")
        #expect(element.path("mixed", "i")?.text == "inner")
        #expect(element.child("blank")?.text == "   ")
        #expect(element.child("blank")?.hasText == false)
        #expect(element.child("wrapper")?.text == "")
        #expect(element.text == "")
        #expect(element.path("wrapper", "inner")?.line == 6)
    }

    /// Text split by child elements is joined per element, also where a child's own text is split
    /// while its parent's pieces wait, and white space beside text is kept in its place.
    @Test func splitTextIsJoinedPerElementAtEveryDepth() throws {
        let text = """
            <credentials><credential>
              <m>a <i>p<b/> q<u>1<v/>2</u>r </i> b<i>s</i>c
              </m><n>x<i/>y<i/>z</n>
            </credential></credentials>
            """
        let element = try #require(try credentials(text).first)
        let m = try #require(element.child("m"))
        #expect(m.text == "a  bc\n  ")
        #expect(m.children("i").map(\.text) == ["p qr ", "s"])
        #expect(m.path("i", "u")?.text == "12")
        #expect(element.child("n")?.text == "xyz")
        #expect(element.text == "")
    }

    @Test func anErrorComesAfterTheSubtreesBeforeIt() throws {
        let reader = try XMLStreamReader(path: try directory.write("broken.xml", """
            <credentials>
            <credential><a>1</a></credential>
            <credential><a>2</a></credential>
            <credential><a>3</b></credential>
            </credentials>
            """))
        var read: [String] = []
        do {
            while let element = try reader.next(where: { name, _, _ in name == "credential" }) { read.append(element.child("a")?.text ?? "") }
            Issue.record("the broken document was read to its end")
        } catch {
            guard case .malformed(_, let line, _) = error else { Issue.record("\(error)"); return }
            #expect(line == 4)
        }
        #expect(read == ["1", "2"])
    }

    @Test func idsResolveToTheFirstElementBelowTheRoot() throws {
        let element = try #require(try credentials("""
            <credentials><credential id="c"><a id=" x "><v>1</v></a><b id="x"><v>2</v></b><c idref="x"/></credential></credentials>
            """).first)
        #expect(element.tree.idTable().element(withID: "x")?.child("v")?.text == "1")
        #expect(element.tree.idTable().element(withID: "c") == nil)
    }
}
