import MCModel
@testable import MCNormalize
import MCTestSupport
import Testing

/// Every answer the quick check reads off bytes is the rule's own parser's answer: checked over
/// every one- and two-byte printable ASCII value, and over random digits, marks and dates.
@Suite struct ExactBytesTests {
    func with<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        Array(text.utf8).withUnsafeBufferPointer(body)
    }

    static let printable = (32...126).map { String(UnicodeScalar(UInt8($0))) }

    @Test func shortValuesAgreeWithTheParsers() {
        let values = Self.printable + Self.printable.flatMap { a in Self.printable.map { a + $0 } }
        for text in values {
            with(text) { bytes in
                if let exact = ExactBytes.isCountry(bytes) { #expect(exact == (CountryCode.normalize(text) != nil), "\(text)") }
                if let exact = ExactBytes.isLanguage(bytes) { #expect(exact == (LanguageCode.iso6391(text) != nil), "\(text)") }
                if let exact = ExactBytes.isGender(bytes) { #expect(exact == (Normalizer.gender(text) != nil), "\(text)") }
                if let exact = ExactBytes.isDecimal(bytes) { #expect(exact == (Normalizer.decimal(text) != nil), "\(text)") }
                #expect(ExactBytes.isEQFLevel(bytes) == (Normalizer.eqfLevel(text) != nil), "\(text)")
                #expect(ExactBytes.isWholeNumber(bytes) == (Normalizer.wholeNumber(text) != nil), "\(text)")
                #expect(ExactBytes.isISCEDF(bytes) == (Normalizer.iscedF(text) != nil), "\(text)")
            }
        }
        // Two letters are always settled on their bytes.
        #expect(with("de") { ExactBytes.isCountry($0) } == true && with("xx") { ExactBytes.isCountry($0) } == false)
    }

    @Test func numbersAndDatesAgreeWithTheParsers() {
        var generator = SplitMix(seed: 11)
        let alphabet = Array("0123456789.,-+ eE".utf8)
        for _ in 0..<20_000 {
            let length = 1 + Int(generator.next() % 14)
            let text = String(decoding: (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            with(text) { bytes in
                if let exact = ExactBytes.isDecimal(bytes) { #expect(exact == (Normalizer.decimal(text) != nil), "\(text)") }
                #expect(ExactBytes.isWholeNumber(bytes) == (Normalizer.wholeNumber(text) != nil), "\(text)")
                #expect(ExactBytes.birthYear(bytes) == Normalizer.birthYear(text), "\(text)")
                #expect(ExactBytes.isoDate(bytes) == CalendarDate(iso: text), "\(text)")
            }
            let date = String(format: "%04d-%02d-%02d", Int(generator.next() % 3000), Int(generator.next() % 14), Int(generator.next() % 33))
            with(date) { #expect(ExactBytes.isoDate($0) == CalendarDate(iso: date), "\(date)") }
        }
        #expect(with("2024-02-29") { ExactBytes.isoDate($0) } != nil && with("2023-02-29") { ExactBytes.isoDate($0) } == nil)
        #expect(with("2,5") { ExactBytes.isDecimal($0) } == true)
    }

    @Test func vocabularyKeysAreFoundAsWrittenAndOnlyThen() {
        for (keys, table) in [(ExactBytes.participationForm, Vocabulary.participationForm.mapValues(\.rawValue)),
                              (ExactBytes.qualityAssurance, Vocabulary.qualityAssurance.mapValues(\.rawValue)),
                              (ExactBytes.supervision, Vocabulary.supervision.mapValues(\.rawValue)),
                              (ExactBytes.stackability, Vocabulary.stackability.mapValues(\.rawValue)),
                              (ExactBytes.qfEheaCycle, Vocabulary.qfEheaCycle.mapValues(\.rawValue)),
                              (ExactBytes.status, Vocabulary.status.mapValues(\.rawValue))] {
            for key in table.keys {
                #expect(with(key) { keys.contains($0) } == true, "\(key)")
                // Another case is left to the lookup, which lower-cases.
                #expect(with(key.uppercased()) { keys.contains($0) } == nil || key.uppercased() == key, "\(key)")
                #expect(with(key + "x") { keys.contains($0) } == nil)
            }
        }
    }
}
