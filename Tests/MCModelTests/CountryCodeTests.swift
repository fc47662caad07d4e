import MCModel
import Testing

@Suite struct CountryCodeTests {
    @Test func listsEveryAssignedCode() {
        #expect(CountryCode.assigned.count == 249)
    }

    @Test(arguments: [("de", "DE"), ("EL", "GR"), ("el", "GR"), ("UK", "GB"), ("gb", "GB"), ("XK", nil),
                      ("Germany", nil), ("D", nil), ("DEU", nil), ("EU", nil), ("", nil)] as [(String, String?)])
    func normalizes(_ input: String, _ expected: String?) {
        #expect(CountryCode.normalize(input) == expected)
    }
}
