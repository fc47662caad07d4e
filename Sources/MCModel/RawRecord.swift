/// A value as a reader found it: one text (a CSV cell, which may still hold `|`-joined parts)
/// or a list (a JSON array, repeated XML elements).
public enum RawValue: Sendable, Codable, Equatable {
    case text(String)
    case list([String])

    /// Encoded as a JSON string or an array of strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .list(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .list(let items): try container.encode(items)
        }
    }

    /// The parts of the value: a list's items, or a text split on `|` when `splitting`.
    public func parts(splitting: Bool) -> [String] {
        switch self {
        case .text(let text):
            guard splitting, text.utf8.contains(UInt8(ascii: "|")) else { return [text] }
            return text.utf8.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        case .list(let items): return items
        }
    }

    /// The value as one text (a list joined by `|`).
    public var joined: String {
        switch self {
        case .text(let text): text
        case .list(let items): items.joined(separator: "|")
        }
    }
}

/// A record as read from an input, before normalization: canonical field names to values, with
/// its provenance. A reader that could not take the record apart sets `damage`, and the
/// normalizer rejects the record with that issue.
public struct RawRecord: Sendable, Codable, Equatable {
    public var provenance: Provenance
    public var values: [String: RawValue]
    public var damage: ValidationIssue?
    /// Where each field was found, when finer than the record (an XML element's line, a JSON
    /// pointer): issues about a field point there.
    public var locations: [String: SourceLocation]
    /// Warnings the reader found (an implausible duration, say); they travel with the record.
    public var notes: [ValidationIssue]

    public init(provenance: Provenance, values: [String: RawValue], damage: ValidationIssue? = nil,
                locations: [String: SourceLocation] = [:], notes: [ValidationIssue] = []) {
        self.provenance = provenance
        self.values = values
        self.damage = damage
        self.locations = locations
        self.notes = notes
    }

    public subscript(field: Field) -> RawValue? {
        get { values[field.rawValue] }
        set { values[field.rawValue] = newValue }
    }
}

/// Where a value sits in its file: a line (CSV, XML), a JSON pointer (JSON), or both.
public struct SourceLocation: Sendable, Codable, Equatable {
    public var line: Int?
    public var pointer: String?

    public init(line: Int? = nil, pointer: String? = nil) {
        self.line = line
        self.pointer = pointer
    }
}
