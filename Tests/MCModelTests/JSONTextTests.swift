import Foundation
import MCModel
import Testing

@Suite struct JSONTextTests {
    @Test func writesArraysThatJSONDecoderReadsBack() throws {
        let samples = [["plain"], ["a \"quote\"", "back\\slash", "line\nbreak\ttab\r"], ["\u{01}ctrl", "é ✓ 😀"], []]
        for items in samples {
            let ours = JSONText.array(items)
            #expect(try JSONDecoder().decode([String].self, from: Data(ours.utf8)) == items)
        }
    }
}
