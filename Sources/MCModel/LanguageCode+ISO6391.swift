extension LanguageCode {
    /// The ISO 639-1 code of a language given as ISO 639-1 (`en`), a BCP 47 tag (`en-GB`), an EU
    /// authority code (`ENG`) or its URI (`…/authority/language/ENG`); nil when none of these.
    public static func iso6391(_ value: String) -> String? {
        var text = value
        if let code = text.withUTF8(asciiISO6391) { return code }
        let trimmed = value.trimmingASCIIWhitespace()
        let code = (trimmed.split(separator: "/").last.map(String.init) ?? trimmed).lowercased()
        guard code.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || $0 == UInt8(ascii: "-") }) else { return nil }
        if code.utf8.count == 2 { return code }
        if let primary = code.split(separator: "-").first, primary.utf8.count == 2 { return String(primary) }
        return alpha3[code]
    }

    /// ``iso6391(_:)`` for an ASCII value, read as bytes; nil (no answer) for any other value.
    private static func asciiISO6391(_ bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        // The last part between slashes that is not empty, else the whole value.
        var partEnd = end
        while partEnd > start, bytes[partEnd - 1] == UInt8(ascii: "/") { partEnd -= 1 }
        var partStart = partEnd
        while partStart > start, bytes[partStart - 1] != UInt8(ascii: "/") { partStart -= 1 }
        if partStart == partEnd { (partStart, partEnd) = (start, end) }
        var code: [UInt8] = []
        for byte in bytes[partStart..<partEnd] {
            let lower = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
            guard (lower >= 97 && lower <= 122) || lower == UInt8(ascii: "-") else { return .some(nil) }
            code.append(lower)
        }
        if code.count == 2 { return String(decoding: code, as: UTF8.self) }
        if let primary = code.split(separator: UInt8(ascii: "-")).first, primary.count == 2 { return String(decoding: primary, as: UTF8.self) }
        return alpha3[String(decoding: code, as: UTF8.self)]
    }
}
