/// A value as a reader found it: one text (a CSV cell, which may still hold `|`-joined parts)
/// or a list (a JSON array, repeated XML elements).
package enum RawValue: Sendable, Codable, Equatable {
    case text(String)
    case list([String])

    /// Encoded as a JSON string or an array of strings.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .list(try container.decode([String].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .list(let items): try container.encode(items)
        }
    }

    /// The parts of the value: a list's items, or a text split on `|` when `splitting`.
    package func parts(splitting: Bool) -> [String] {
        switch self {
        case .text(var text):
            guard splitting, text.utf8.contains(UInt8(ascii: "|")) else { return [text] }
            return text.withUTF8 { bytes in
                var parts: [String] = []
                var start = 0
                for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "|") {
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    start = index + 1
                }
                return parts
            }
        case .list(let items): return items
        }
    }

    /// The value as one text (a list joined by `|`).
    package var joined: String {
        switch self {
        case .text(let text): text
        case .list(let items): items.joined(separator: "|")
        }
    }
}

/// A record as read from an input, before normalization: canonical field names to values, with
/// its provenance. A reader that could not take the record apart sets `damage`, and the
/// normalizer rejects the record with that issue.
///
/// Values are held in one slot per ``Field`` (indexed by its ordinal): a record is written and
/// read dozens of times per field on the hot path, and a slot costs no hashing.
package struct RawRecord: Sendable, Equatable {
    package var provenance: Provenance
    /// One slot per field, by `Field.ordinal`.
    private var slots: [RawValue?]
    /// Values under names that are not canonical fields (kept so that nothing read is lost).
    private var extras: [String: RawValue]
    package var damage: ValidationIssue?
    /// Where each field was found, by `Field.ordinal` (empty when no field has a place of its own).
    private var placeSlots: [SourceLocation?]
    /// Warnings the reader found (an implausible duration, say); they travel with the record.
    package var notes: [ValidationIssue]

    package init(provenance: Provenance, values: [String: RawValue] = [:], damage: ValidationIssue? = nil,
                locations: [String: SourceLocation] = [:], notes: [ValidationIssue] = []) {
        self.provenance = provenance
        slots = [RawValue?](repeating: nil, count: Field.allCases.count)
        extras = [:]
        self.damage = damage
        placeSlots = []
        self.notes = notes
        if !values.isEmpty { self.values = values }
        if !locations.isEmpty { self.locations = locations }
    }

    /// The values by canonical field name (built on each read; the hot path uses the subscript).
    package var values: [String: RawValue] {
        get {
            var all = extras
            for field in Field.allCases { if let value = slots[field.ordinal] { all[field.rawValue] = value } }
            return all
        }
        set {
            slots = [RawValue?](repeating: nil, count: Field.allCases.count)
            extras = [:]
            for (name, value) in newValue {
                if let field = Field.named[name] { slots[field.ordinal] = value } else { extras[name] = value }
            }
        }
    }

    /// Where each field was found, when finer than the record (an XML element's line, a JSON
    /// pointer): issues about a field point there. By canonical field name; built on each read.
    package var locations: [String: SourceLocation] {
        get {
            var all: [String: SourceLocation] = [:]
            for field in Field.allCases where field.ordinal < placeSlots.count {
                if let place = placeSlots[field.ordinal] { all[field.rawValue] = place }
            }
            return all
        }
        set {
            placeSlots = []
            for (name, place) in newValue { if let field = Field.named[name] { setLocation(place, of: field) } }
        }
    }

    /// Where `field` was found, when finer than the record.
    package func location(of field: Field) -> SourceLocation? {
        field.ordinal < placeSlots.count ? placeSlots[field.ordinal] : nil
    }

    /// Records where `field` was found.
    package mutating func setLocation(_ place: SourceLocation?, of field: Field) {
        if placeSlots.isEmpty {
            guard place != nil else { return }
            placeSlots = [SourceLocation?](repeating: nil, count: Field.allCases.count)
        }
        placeSlots[field.ordinal] = place
    }

    /// The record with its number, and its damage's, moved on by `offset`: records numbered
    /// within a piece of input get their number in the file.
    package func offsettingRecord(by offset: Int) -> RawRecord {
        guard offset != 0 else { return self }
        var moved = self
        moved.provenance.record += offset
        if var damage {
            damage.record = damage.record.map { $0 + offset }
            moved.damage = damage
        }
        return moved
    }

    /// Bytes of the record's values (UTF-8), about what it holds in memory.
    package var valueBytes: Int {
        func size(_ value: RawValue?) -> Int {
            switch value {
            case .text(let text): text.utf8.count
            case .list(let items): items.reduce(0) { $0 + $1.utf8.count }
            case nil: 0
            }
        }
        return slots.reduce(0) { $0 + size($1) } + extras.values.reduce(0) { $0 + size($1) }
    }

    package subscript(field: Field) -> RawValue? {
        get { slots[field.ordinal] }
        set { slots[field.ordinal] = newValue }
    }

    /// Equal when they hold the same values, places, damage and notes (however the slots are laid out).
    package static func == (lhs: RawRecord, rhs: RawRecord) -> Bool {
        lhs.provenance == rhs.provenance && lhs.values == rhs.values && lhs.damage == rhs.damage
            && lhs.locations == rhs.locations && lhs.notes == rhs.notes
    }
}

/// Where a value sits in its file: a line (CSV, XML), a JSON pointer (JSON), or both.
package struct SourceLocation: Sendable, Codable, Equatable {
    package var line: Int?
    package var pointer: String?

    package init(line: Int? = nil, pointer: String? = nil) {
        self.line = line
        self.pointer = pointer
    }
}
