import MCModel
import Testing

@Suite struct LanguageCodeTests {
    /// ISO 639-1 codes, BCP 47 tags, EU authority codes and their URIs; case and stray spaces
    /// do not matter, and anything else is no language.
    @Test(arguments: [
        ("en", "en"), (" EN ", "en"), ("en-GB", "en"), ("ENG", "en"), ("fre", "fr"), ("fra", "fr"),
        ("http://publications.europa.eu/resource/authority/language/ENG", "en"),
        ("http://publications.europa.eu/resource/authority/language/deu/", "de"), ("-pt", "pt"),
        ("english", nil), ("e1", nil), ("", nil), ("/", nil), ("xx-", "xx"), ("zz", "zz"), ("ΕΛ", nil), ("é", nil),
        ("http://例え.eu/language/ENG", "en"), ("\u{212A}O", "ko"),
    ] as [(String, String?)])
    func readsLanguages(_ value: String, _ expected: String?) {
        #expect(LanguageCode.iso6391(value) == expected)
    }
}
