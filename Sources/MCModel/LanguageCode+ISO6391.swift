extension LanguageCode {
    /// The ISO 639-1 code of a language given as ISO 639-1 (`en`), a BCP 47 tag (`en-GB`), an EU
    /// authority code (`ENG`) or its URI (`…/authority/language/ENG`); nil when none of these.
    /// Read on the value's bytes: the last part between slashes that is not empty (else the
    /// whole value, trimmed), lower-cased, must be letters and hyphens.
    package static func iso6391(_ value: String) -> String? {
        var text = value
        return text.withUTF8 { iso6391(bytes: $0) }
    }

    /// ``iso6391(_:)`` of a value's UTF-8 bytes.
    package static func iso6391(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        var partEnd = end
        while partEnd > start, bytes[partEnd - 1] == UInt8(ascii: "/") { partEnd -= 1 }
        var partStart = partEnd
        while partStart > start, bytes[partStart - 1] != UInt8(ascii: "/") { partStart -= 1 }
        if partStart == partEnd { (partStart, partEnd) = (start, end) }
        let part = UnsafeBufferPointer(rebasing: bytes[partStart..<partEnd])
        // ASCII is lower-cased byte by byte; anything else as text (it can only pass if it
        // lower-cases to ASCII letters).
        let code = part.allSatisfy({ $0 < 0x80 }) ? part.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
            : Array(String(decoding: part, as: UTF8.self).lowercased().utf8)
        guard code.allSatisfy({ ($0 >= 97 && $0 <= 122) || $0 == UInt8(ascii: "-") }) else { return nil }
        if code.count == 2 { return String(decoding: code, as: UTF8.self) }
        if let primary = code.split(separator: UInt8(ascii: "-")).first, primary.count == 2 { return String(decoding: primary, as: UTF8.self) }
        return alpha3[String(decoding: code, as: UTF8.self)]
    }
}
