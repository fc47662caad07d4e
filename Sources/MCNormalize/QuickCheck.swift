package import MCModel

/// A shortcut for `validate`: reads a clean record's cells as bytes and says whether the record
/// plainly meets every rule with nothing to warn about, in which case the rules would accept it
/// with no issue and there is nothing to report. It says yes only when sure; anything else (a
/// value it would have to map, a failure, a warning) it leaves to ``Normalizer/normalize(_:)``,
/// which finds the same outcome with its messages. A value is read on its bytes where that settles
/// it (``ExactBytes``), else by the rule's own parser.
package struct QuickCheck: Sendable {
    private let policy: SourcePolicy
    /// The latest issue date that can be true (``Normalizer/latestIssueDate``).
    private let latestIssueDate: CalendarDate
    /// Per presence check of the rules, the fields (one bit per ordinal) of which one must have
    /// a value.
    private let presenceMasks: [UInt32]
    /// The multi-valued fields, one bit per ordinal.
    private let multiValued: UInt32

    /// Nil when `normalizer` reads through a profile or fills defaults: its values are then not
    /// the cells as written.
    package init?(_ normalizer: Normalizer) {
        guard normalizer.profile == nil, normalizer.policy.defaults.isEmpty else { return nil }
        policy = normalizer.policy
        latestIssueDate = normalizer.latestIssueDate
        presenceMasks = Normalizer.presence.map { check in check.fields.reduce(0) { $0 | QuickCheck.bit($1) } }
        multiValued = Field.allCases.filter(\.isMultiValued).reduce(0) { $0 | QuickCheck.bit($1) }
    }

    private static func bit(_ field: Field) -> UInt32 { 1 << UInt32(field.ordinal) }

    /// True when the record whose cells these are would be accepted with no warning.
    package func accepts(_ cells: FieldCells) -> Bool {
        let storage = cells.storage
        return storage.bytes.withUnsafeBufferPointer { buffer in
            storage.ends.withUnsafeBufferPointer { ends in
                storage.cellOfField.withUnsafeBufferPointer { cellOfField in
                    accepts(cells, buffer, ends, cellOfField)
                }
            }
        }
    }

    private func accepts(_ cells: FieldCells, _ buffer: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>,
                         _ cellOfField: UnsafeBufferPointer<Int>) -> Bool {
        var values = InlineArray<32, UnsafeBufferPointer<UInt8>>(repeating: UnsafeBufferPointer(start: nil, count: 0))
        // Which fields have a value (a multi-valued one: a part that is not blank).
        var present: UInt32 = 0
        let first = cells.firstCell
        // The reader would mark a cell that is not UTF-8. A row of ASCII has none, nor a row of
        // cells known to be UTF-8 (each a whole text); else the row is checked whole, and every
        // cell of a well-formed row is, when none starts inside a character (a continuation byte).
        let row = cells.byteRange
        if !cells.storage.isUTF8 && !QuickCheck.isASCII(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[row]))) {
            guard QuickCheck.isUTF8(UnsafeBufferPointer(rebasing: buffer[row])) else { return false }
            for position in first..<(first + cells.cellCount) {
                let start = position == 0 ? 0 : ends[position - 1]
                if start < row.upperBound && buffer[start] & 0xC0 == 0x80 { return false }
            }
        }
        for ordinal in 0..<min(cellOfField.count, 32) {
            let index = cellOfField[ordinal]
            guard index >= 0 else { continue }
            let position = first + index
            let cell = UnsafeBufferPointer(rebasing: buffer[(position == 0 ? 0 : ends[position - 1])..<ends[position]])
            let value = QuickCheck.trimmed(cell)
            values[ordinal] = value
            let bit: UInt32 = 1 << UInt32(ordinal)
            if multiValued & bit != 0 ? QuickCheck.hasPart(value) : !value.isEmpty {
                present |= bit
            }
        }
        func value(_ field: Field) -> UnsafeBufferPointer<UInt8> { values[field.ordinal] }
        func text(_ field: Field) -> String { String(decoding: value(field), as: UTF8.self) }
        func has(_ field: Field) -> Bool { present & QuickCheck.bit(field) != 0 }

        // 2. Mandatory elements present.
        for mask in presenceMasks where present & mask == 0 { return false }
        // 3. Values well-formed. Each value is read on its bytes where that settles it, else
        // by the rule's own parser.
        func passes(_ field: Field, _ exact: Bool?, _ parse: (String) -> Bool) -> Bool {
            exact ?? parse(text(field))
        }
        var countriesKnown = true
        QuickCheck.forEachPart(of: value(.issuerCountry)) { part in
            if countriesKnown && !(ExactBytes.isCountry(part) ?? (CountryCode.normalize(String(decoding: part, as: UTF8.self)) != nil)) {
                countriesKnown = false
            }
        }
        guard countriesKnown, let issued = ExactBytes.isoDate(value(.issueDate)), issued <= latestIssueDate else { return false }
        if has(.ects) && !passes(.ects, ExactBytes.isDecimal(value(.ects)), { Normalizer.decimal($0) != nil }) { return false }
        if has(.workloadHours) && !ExactBytes.isWholeNumber(value(.workloadHours)) { return false }
        if has(.eqfLevel) && !ExactBytes.isEQFLevel(value(.eqfLevel)) { return false }
        guard passes(.participationForm, ExactBytes.participationForm.contains(value(.participationForm)),
                     { Vocabulary.lookup(Vocabulary.participationForm, $0) != nil }),
              passes(.qualityAssurance, ExactBytes.qualityAssurance.contains(value(.qualityAssurance)),
                     { Vocabulary.lookup(Vocabulary.qualityAssurance, $0) != nil }) else { return false }
        if policy.awardingBodies != nil && !policy.allows(text(.awardingBodyId)) { return false }
        // 4. Optional elements: an unknown value would be a warning.
        func known(_ field: Field, _ exact: (UnsafeBufferPointer<UInt8>) -> Bool?, _ parse: (String) -> Bool) -> Bool {
            !has(field) || passes(field, exact(value(field)), parse)
        }
        return known(.qfEheaCycle, ExactBytes.qfEheaCycle.contains) { Vocabulary.lookup(Vocabulary.qfEheaCycle, $0) != nil }
            && known(.supervision, ExactBytes.supervision.contains) { Vocabulary.lookup(Vocabulary.supervision, $0) != nil }
            && known(.stackability, ExactBytes.stackability.contains) { Vocabulary.lookup(Vocabulary.stackability, $0) != nil }
            && known(.learnerBirthYear, { ExactBytes.birthYear($0).map { Normalizer.plausible(birthYear: $0, issueYear: issued.year) } }) {
                Normalizer.birthYear($0).map { Normalizer.plausible(birthYear: $0, issueYear: issued.year) } ?? false
            }
            && known(.learnerGender, ExactBytes.isGender) { Normalizer.gender($0) != nil }
            && known(.learnerCitizenship, ExactBytes.isCountry) { CountryCode.normalize($0) != nil }
            && known(.iscedF, ExactBytes.isISCEDF) { Normalizer.iscedF($0) != nil }
            && known(.language, ExactBytes.isLanguage) { LanguageCode.iso6391($0) != nil }
            && known(.status, ExactBytes.status.contains) { Vocabulary.lookup(Vocabulary.status, $0) != nil }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    /// The bytes without ASCII space, tab, CR and LF at either end (``String/trimmingASCIIWhitespace()``).
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// Calls `body` with each `|`-separated part, trimmed, that is not blank.
    static func forEachPart(of bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "|") {
            let part = trimmed(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            if !part.isEmpty { body(part) }
            start = index + 1
        }
    }

    /// Whether a `|`-separated value has a part that is not blank (``forEachPart(of:_:)`` would
    /// call its body): a byte that is neither `|` nor a space.
    static func hasPart(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 != UInt8(ascii: "|") && !isSpace($0) }
    }

    /// Whether every byte is below 0x80, read eight at a time.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var high: UInt64 = 0
        while index + 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            high |= UInt64(bytes[index])
            index += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// Whether the bytes are well-formed UTF-8, as `String(validating:as:)` reads it: no
    /// overlong form, no surrogate, nothing above U+10FFFF (Unicode's table 3-7). ASCII is
    /// passed eight bytes at a time.
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        @inline(__always) func continues(_ offset: Int) -> Bool { base[offset] & 0xC0 == 0x80 }
        while index < count {
            while index + 8 <= count && raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = base[index]
            switch lead {
            case 0..<0x80:
                index += 1
            case 0xC2..<0xE0:
                guard index + 1 < count, continues(index + 1) else { return false }
                index += 2
            case 0xE0..<0xF0:
                guard index + 2 < count, continues(index + 2) else { return false }
                let second = base[index + 1]
                let (low, high): (UInt8, UInt8) = lead == 0xE0 ? (0xA0, 0xBF) : lead == 0xED ? (0x80, 0x9F) : (0x80, 0xBF)
                guard second >= low && second <= high else { return false }
                index += 3
            case 0xF0..<0xF5:
                guard index + 3 < count, continues(index + 2), continues(index + 3) else { return false }
                let second = base[index + 1]
                let (low, high): (UInt8, UInt8) = lead == 0xF0 ? (0x90, 0xBF) : lead == 0xF4 ? (0x80, 0x8F) : (0x80, 0xBF)
                guard second >= low && second <= high else { return false }
                index += 4
            default:
                return false
            }
        }
        return true
    }
}
