import Foundation
import MCIngest
import MCModel
import MCNormalize
import MCTestSupport
import Testing

/// `validate` passes a canonical XML credential that plainly meets every rule on its cells
/// (``QuickCheck``), without building its record: the cells must say yes only where the record
/// the reader maps is accepted with no issue. Checked on credentials drawn from values at the edge
/// of every rule and written in every shape canonical XML allows (a multi-valued field as one
/// `|`-joined element or repeated, a field repeated, empty or left out, entities, comments and
/// child elements inside a value, unknown elements).
@Suite final class CanonicalXMLCellsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }
    deinit { directory.remove() }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    /// One `<credential>` of `values`, in a shape drawn from `generator`.
    static func credential(_ values: [String: String], _ generator: inout SplitMix) -> String {
        var text = "  <credential>\n"
        for column in CanonicalCSV.header {
            let value = values[column] ?? ""
            let field = Field(rawValue: column)!
            let shape = generator.next() % 12
            if value.isEmpty && shape < 4 { continue }
            if field.isMultiValued && shape >= 4 && shape < 8 {
                // Repeated: each part its own element, white space kept.
                for part in value.split(separator: "|", omittingEmptySubsequences: false) {
                    text += "    <\(column)>\(escaped(String(part)))</\(column)>\n"
                }
            } else if field.isMultiValued && shape == 8 {
                // Repeated, the first element keeping its `|`: one value, not split.
                text += "    <\(column)>\(escaped(value))</\(column)>\n    <\(column)>NL</\(column)>\n"
            } else if !field.isMultiValued && shape == 8 {
                // Repeated: the first element counts.
                text += "    <\(column)>\(escaped(value))</\(column)>\n    <\(column)>XX</\(column)>\n"
            } else if shape == 9 && value.count > 1 {
                // Split by a comment and a child element: the text directly inside is joined.
                let middle = value.index(after: value.startIndex)
                text += "    <\(column)>\(escaped(String(value[..<middle])))<!-- c --><b>x</b>\(escaped(String(value[middle...])))</\(column)>\n"
            } else if value.isEmpty && shape == 10 {
                text += "    <\(column)/>\n"
            } else {
                text += "    <\(column)>\(escaped(value))</\(column)>\n"
            }
        }
        if generator.next() % 10 == 0 { text += "    <internal_note>x</internal_note>\n" }
        return text + "  </credential>\n"
    }

    /// The quick check's answer on each credential's cells against the rules' outcome on its
    /// record: (passed quickly, clean, cells refused as not joinable).
    func check(_ normalizer: Normalizer, seed: UInt64) throws -> (quick: Int, clean: Int, unjoinable: Int) {
        let check = try #require(QuickCheck(normalizer))
        var generator = SplitMix(seed: seed)
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<credentials>\n"
        for number in 1...3000 {
            var values = CanonicalCSV.base
            values["title"] = number % 5 == 0 ? "R&D <basics>" : values["title"]
            let changes = number % 10 == 0 ? 8 : Int(generator.next() % 3)
            for _ in 0..<changes {
                let column = CanonicalCSV.header[Int(generator.next() % UInt64(CanonicalCSV.header.count))]
                if let choices = CanonicalCSV.edges[column] { values[column] = choices[Int(generator.next() % UInt64(choices.count))] }
            }
            text += CanonicalXMLCellsTests.credential(values, &generator)
        }
        var reader = try CanonicalXMLReader(path: try directory.write("edges-\(seed).xml", text + "</credentials>\n"))
        var quick = 0, clean = 0, unjoinable = 0, count = 0
        while let piece = try reader.nextPiece() {
            let record = try #require(try piece.decode().first)
            count += 1
            let raw = record.record()
            let isClean = if case .accepted(_, _, let warnings) = normalizer.normalize(raw), warnings.isEmpty { true } else { false }
            if isClean { clean += 1 }
            guard let cells = record.cells else {
                unjoinable += 1
                continue
            }
            if check.accepts(cells) {
                quick += 1
                #expect(isClean, "the quick check passed credential \(count), which the rules do not accept cleanly: \(raw)")
            }
        }
        #expect(count == 3000)
        return (quick, clean, unjoinable)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func saysYesOnlyWhereTheRulesAcceptWithNoIssue(seed: UInt64) throws {
        let (quick, clean, unjoinable) = try check(Normalizer(pseudonymizer: .withoutKeys), seed: seed)
        #expect(quick > clean / 2, "\(quick) passed quickly of \(clean) clean credentials")
        #expect(unjoinable > 0)
    }

    @Test func aSourcesAwardingBodiesAreChecked() throws {
        let (quick, _, _) = try check(Normalizer(pseudonymizer: .withoutKeys, policy: SourcePolicy(awardingBodies: ["DE-HS-1"])), seed: 4)
        #expect(quick > 0)
    }

    /// `DE|AT` in one of several `<issuer_country>` elements is one value, which is no country:
    /// joined with the others it would read as two good ones.
    @Test func aRepeatedElementHoldingABarHasNoCells() throws {
        var text = "<credentials>\n  <credential>\n"
        for column in CanonicalCSV.header where column != "issuer_country" {
            text += "    <\(column)>\(CanonicalXMLCellsTests.escaped(CanonicalCSV.base[column] ?? ""))</\(column)>\n"
        }
        text += "    <issuer_country>DE|AT</issuer_country>\n    <issuer_country>NL</issuer_country>\n  </credential>\n</credentials>\n"
        var reader = try CanonicalXMLReader(path: try directory.write("bar.xml", text))
        let piece = try #require(try reader.nextPiece())
        let record = try #require(try piece.decode().first)
        #expect(record.cells == nil)
        #expect(record.record().list(.issuerCountry) == ["DE|AT", "NL"])
        #expect(record.record().rejectReason == .badIssuerCountry)
    }

    /// The cells hold each field's text as the record does, a repeated field's elements joined.
    @Test func cellsHoldTheValuesOfTheRecord() throws {
        let text = """
            <credentials><credential>
              <title>R&amp;D <!-- c -->basics</title><ects>5</ects><ects>6</ects>
              <learning_outcomes> A </learning_outcomes><other>x</other><learning_outcomes>B</learning_outcomes>
            </credential></credentials>
            """
        var reader = try CanonicalXMLReader(path: try directory.write("values.xml", text))
        let piece = try #require(try reader.nextPiece())
        let cells = try #require(try piece.decode().first?.cells)
        func cell(_ field: Field) -> String {
            let index = cells.storage.cellOfField[field.ordinal]
            return String(decoding: cells.bytes[(index == 0 ? 0 : cells.ends[index - 1])..<cells.ends[index]], as: UTF8.self)
        }
        #expect(cell(.title) == "R&D basics")
        #expect(cell(.ects) == "5")
        #expect(cell(.learningOutcomes) == " A |B")
        #expect(cell(.credentialId) == "")
    }
}
