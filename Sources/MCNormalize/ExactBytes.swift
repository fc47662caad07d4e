#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import MCModel

/// Answers for the quick check on a value's bytes, before any String is made. Each says yes or
/// no exactly as the rule's own parser would, or nil when it cannot tell from the bytes alone
/// (then the parser runs on a String). Built once from the rules' tables.
enum ExactBytes {
    /// The keys of a vocabulary as written (all lower case).
    struct Keys: Sendable {
        private let keys: [[UInt8]]

        init<Code>(_ table: [String: Code]) {
            keys = table.keys.sorted().map { Array($0.utf8) }
        }

        /// True when `bytes` are a key as written; nil otherwise (another case may still match).
        func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return keys.contains { $0.isEmpty } ? true : nil }
            let (first, last) = (base[0], base[bytes.count - 1])
            for key in keys where key.count == bytes.count && key[0] == first && key[key.count - 1] == last {
                if key.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) { return true }
            }
            return nil
        }
    }

    static let participationForm = Keys(Vocabulary.participationForm)
    static let qualityAssurance = Keys(Vocabulary.qualityAssurance)
    static let supervision = Keys(Vocabulary.supervision)
    static let stackability = Keys(Vocabulary.stackability)
    static let qfEheaCycle = Keys(Vocabulary.qfEheaCycle)
    static let status = Keys(Vocabulary.status)

    /// Per pair of upper-case letters, whether ``CountryCode/normalize(_:)`` knows it.
    private static let countryPairs: [Bool] = (0..<26 * 26).map { index in
        let pair = [UInt8(65 + index / 26), UInt8(65 + index % 26)]
        return CountryCode.normalize(String(decoding: pair, as: UTF8.self)) != nil
    }

    private static func upperLetter(_ byte: UInt8) -> Int? {
        switch byte {
        case 65...90: Int(byte - 65)
        case 97...122: Int(byte - 97)
        default: nil
        }
    }

    /// ``CountryCode/normalize(_:)`` is not nil, for two ASCII letters in either case.
    static func isCountry(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count == 2, let first = upperLetter(bytes[0]), let second = upperLetter(bytes[1]) else { return nil }
        return countryPairs[first * 26 + second]
    }

    /// ``LanguageCode/iso6391(_:)`` is not nil: any two ASCII letters are a code, three are
    /// when ISO 639-2 has them (in either case); nil for anything else.
    static func isLanguage(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        if bytes.count == 2 { return upperLetter(bytes[0]) != nil && upperLetter(bytes[1]) != nil ? true : nil }
        guard bytes.count == 3, let first = upperLetter(bytes[0]), let second = upperLetter(bytes[1]),
              let third = upperLetter(bytes[2]) else { return nil }
        return languageTriples[(first * 26 + second) * 26 + third]
    }

    /// Per three lower-case letters, whether ISO 639-2 has them (``LanguageCode/alpha3``).
    private static let languageTriples: [Bool] = {
        var known = [Bool](repeating: false, count: 26 * 26 * 26)
        for code in LanguageCode.alpha3.keys {
            let letters = code.utf8.map { Int($0) - 97 }
            guard letters.count == 3, letters.allSatisfy({ (0..<26).contains($0) }) else { continue }
            known[(letters[0] * 26 + letters[1]) * 26 + letters[2]] = true
        }
        return known
    }()

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// `CalendarDate(iso:)`: ten bytes `YYYY-MM-DD` of a real date, and nothing else; nil otherwise.
    static func isoDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard isDigit(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// ``Normalizer/wholeNumber(_:)`` is not nil: one to ``Normalizer/maxWholeDigits`` digits.
    static func isWholeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.count <= Normalizer.maxWholeDigits && bytes.allSatisfy(isDigit)
    }

    /// ``Normalizer/decimal(_:)`` is not nil, for whole digits and an optional `.` or `,` with
    /// digits after it (nine at most on either side); nil for anything else.
    static func isDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let mark = bytes.firstIndex(where: { !isDigit($0) }) else {
            return isWholeNumber(bytes) ? true : nil
        }
        guard bytes[mark] == UInt8(ascii: ".") || bytes[mark] == UInt8(ascii: ",") else { return nil }
        let whole = mark, fraction = bytes.count - mark - 1
        guard (1...Normalizer.maxWholeDigits).contains(whole), (1...9).contains(fraction),
              bytes[(mark + 1)...].allSatisfy(isDigit) else { return nil }
        return true
    }

    /// One digit from 1 to 8 (``Normalizer/eqfLevel(_:)``).
    static func isEQFLevel(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 1 && bytes[0] >= UInt8(ascii: "1") && bytes[0] <= UInt8(ascii: "8")
    }

    /// Four digits (``Normalizer/birthYear(_:)``), as a number; nil otherwise.
    static func birthYear(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count == 4, bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// F, M or X in either case (``Normalizer/gender(_:)``), for one byte; nil for more.
    static func isGender(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count == 1 else { return nil }
        return [UInt8(ascii: "F"), UInt8(ascii: "M"), UInt8(ascii: "X")].contains(bytes[0] & 0xDF)
    }

    /// Two to four digits (``Normalizer/iscedF(_:)``).
    static func isISCEDF(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        (2...4).contains(bytes.count) && bytes.allSatisfy(isDigit)
    }
}
