/// Whether an issue rejects its record or only warns.
package enum Severity: String, Sendable, Codable {
    case error
    case warning
}

/// One finding about a record (or a whole file, when `record` is nil): where it is, which Annex I
/// element it concerns, what is wrong and how to fix it. This is the shape `validate` prints.
package struct ValidationIssue: Sendable, Codable, Equatable {
    /// The record's 1-based position in its file, nil for file-level findings.
    package var record: Int?
    /// The physical line where the record (CSV, JSON Lines) or element (XML) starts.
    package var line: Int?
    /// A JSON pointer to the offending value, for JSON inputs.
    package var pointer: String?
    /// The canonical field name, when the issue concerns one field.
    package var field: String?
    /// The Annex I element name.
    package var element: String?
    package var code: ReasonCode
    package var severity: Severity
    /// The offending value as read (never a learner id).
    package var value: String?
    package var message: String
    package var hint: String?
    /// For a rejected record: every other rule of the canonical order that it fails too, after
    /// its one reason `code`, so that an institution can fix everything at once. Nil (and not
    /// written) when there is nothing else.
    package var also: [ReasonCode]?

    package init(record: Int?, line: Int?, pointer: String? = nil, field: Field?, code: ReasonCode,
                severity: Severity, value: String? = nil, message: String, hint: String? = nil,
                also: [ReasonCode]? = nil) {
        self.record = record
        self.line = line
        self.pointer = pointer
        self.field = field?.rawValue
        self.element = field?.element.rawValue
        self.code = code
        self.severity = severity
        if let value, let shape = ValidationIssue.shapeIfNotShown(value) {
            // A value that spans lines or runs long may hold other records (a stray quote swallows
            // the rows after it): it is described by its shape, never repeated.
            self.value = shape
            self.message = message.replacingOccurrences(of: value, with: shape)
        } else {
            self.value = value
            self.message = message
        }
        if field == .learnerId { self.value = nil }
        self.hint = hint
        self.also = also?.isEmpty == false ? also : nil
    }

    /// Values longer than this, or holding a line break, are never repeated in an issue.
    package static let longestShownValue = 200

    /// `(a value of N bytes over M lines, not shown)` for a value an issue must not repeat, else nil.
    static func shapeIfNotShown(_ value: String) -> String? {
        let lines = value.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let breaks = value.utf8.contains(0x0A) || value.utf8.contains(0x0D)
        guard breaks || value.utf8.count > longestShownValue else { return nil }
        return "(a value of \(value.utf8.count) bytes" + (lines > 1 ? " over \(lines) lines" : "") + ", not shown)"
    }

    enum CodingKeys: String, CodingKey {
        case record, line, pointer, field, element, code, severity, value, message, hint, also
    }

    /// Every key is written (null when absent) so that machines see one shape; `pointer` only
    /// for JSON inputs, `also` only when the record fails more than one rule.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record, forKey: .record)
        try container.encode(line, forKey: .line)
        try container.encodeIfPresent(pointer, forKey: .pointer)
        try container.encode(field, forKey: .field)
        try container.encode(element, forKey: .element)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(value, forKey: .value)
        try container.encode(message, forKey: .message)
        try container.encode(hint, forKey: .hint)
        if let also, !also.isEmpty { try container.encode(also, forKey: .also) }
    }
}
