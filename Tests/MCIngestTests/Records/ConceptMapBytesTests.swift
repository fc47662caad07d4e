import Foundation
@testable import MCIngest
import MCTestSupport
import Testing

/// ConceptMap reads URIs and schemes on their bytes where it used to search Strings: the same
/// answers as the String searches, checked on drawn texts.
@Suite struct ConceptMapBytesTests {
    /// Texts drawn from pieces of concept URIs and schemes, in mixed case, with non-ASCII.
    static func texts(_ count: Int) -> [String] {
        let pieces = ["/", "eqf", "/eqf/", "e", "q", "f/", "http://data.europa.eu/snb", "/modeOfLearningAndAssessment/", "mode", " ",
                      "Type", "CATEGORY", "kind", "-", "é", "\u{212A}ind", "sector", "Classification", "s", "1", "6", "ß"]
        var generator = SplitMix(seed: 7)
        return (0..<count).map { _ in
            (0..<Int(generator.next() % 7)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test func holdsFindsWhatTheStringSearchFinds() {
        let parts = ["/eqf/", "/modeOfLearningAndAssessment/", "e", "ff", "", "é", "/"]
        for text in Self.texts(3000) {
            for part in parts {
                #expect(ConceptMap.holds(text, part) == (text.utf8.firstRange(of: part.utf8) != nil), "\(text) / \(part)")
            }
        }
    }

    @Test func aSchemeNamesACategoryAsItsLowerCasedWordsSay() {
        let words: Set<Substring> = ["type", "types", "category", "categories", "kind", "sector", "classification"]
        for scheme in Self.texts(3000) + ["Institution category", "Prototype register", "\u{212A}IND of body", "sectors", "TYPES"] {
            let expected = scheme.lowercased().split { !$0.isLetter }.contains { words.contains($0) }
            #expect(ConceptMap.namesACategory(scheme: scheme) == expected, "\(scheme)")
        }
    }
}
