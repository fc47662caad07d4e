internal import MCModel

extension RecordBuilder {
    /// Sets `field` from a JSON value that must hold one value (annex-i.md rule 26): a string,
    /// number or boolean (or the first of an array of them, or a JSON-LD value object's
    /// `@value`) is read through `read` (a date-time to its civil date, a duration to hours),
    /// kept as written when `read` gives nil. An object or an array of objects is present but
    /// unreadable: a field with a `bad_…` reason keeps it as written, so that the record is
    /// rejected for that value, never reported missing; any other field is left absent with a
    /// warning that names the shape, never the content.
    mutating func set(_ field: Field, one cursor: JSONCursor?, record: Int, reading read: (String) -> String? = { $0 }) {
        guard let cursor, cursor.isPresent else { return }
        if let text = RecordBuilder.scalar(cursor.value) {
            let trimmed = text.trimmingASCIIWhitespace()
            guard !trimmed.isEmpty else { return }
            set(field, read(trimmed) ?? trimmed, at: cursor.location)
        } else if JSONRecordShape.fieldsWithBadReason.contains(field) {
            set(field, cursor.value.written(limit: 200), at: cursor.location)
        } else if RecordBuilder.isLanguageMap(cursor.value), let text = cursor.text {
            set(field, text, at: cursor.location)   // a text in several languages: rule 6's choice
        } else {
            noteUnreadable(field, shape: cursor.value, record: record, at: cursor.location)
        }
    }

    /// The one value `value` holds: its text when a scalar, an array's first scalar, a value
    /// object's `@value`; nil for an object or an array without a scalar.
    static func scalar(_ value: JSONValue) -> String? {
        switch value {
        case .string, .number, .bool: value.text
        case .array(let items): items.lazy.compactMap { scalar($0) }.first
        case .object: value["@value"].flatMap { $0.isObject ? nil : scalar($0) }
        case .null: nil
        }
    }

    /// Whether `value` is a language map (`{"en": …, "de-AT": …}`): an object whose keys are all
    /// language tags, a text for a field without a `bad_…` reason.
    static func isLanguageMap(_ value: JSONValue) -> Bool {
        guard case .object(let members) = value, !members.isEmpty else { return false }
        return members.allSatisfy { member in
            let parts = member.key.split(separator: "-", omittingEmptySubsequences: false)
            guard let primary = parts.first, (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
            return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        }
    }

    /// A warning that `field` holds a JSON `shape` where one value is expected, and was read as absent.
    mutating func noteUnreadable(_ field: Field, shape: JSONValue, record: Int, at location: SourceLocation) {
        let kind = if case .array = shape { "a JSON array" } else { "a JSON object" }
        note(ValidationIssue(record: record, line: nil, pointer: location.pointer, field: field,
                             code: .unknownOptionalValue, severity: .warning,
                             message: "\(field.rawValue) holds \(kind), not a value; it was read as absent",
                             hint: "write \(field.rawValue) as a JSON string"))
    }
}
