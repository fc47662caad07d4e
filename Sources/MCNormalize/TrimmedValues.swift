import MCModel

/// A raw record's values after step 1 of the rules: trimmed of ASCII space, tab, CR and LF,
/// blank values and blank parts of multi-valued fields removed.
struct TrimmedValues: Sendable {
    private var single: [Field: String] = [:]
    private var multi: [Field: [String]] = [:]
    /// The learner's pseudonymous key, once computed.
    var learnerKey: String?

    init(_ raw: RawRecord) {
        single.reserveCapacity(raw.values.count)
        for (name, value) in raw.values {
            guard let field = Field.named[name] else { continue }
            if field.isMultiValued {
                let parts = value.parts(splitting: true).map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
                if !parts.isEmpty { multi[field] = parts }
            } else {
                let text = value.joined.trimmingASCIIWhitespace()
                if !text.isEmpty { single[field] = text }
            }
        }
    }

    /// Applies a profile's date format and extra vocabulary (before any rule runs).
    mutating func apply(_ profile: CSVProfile) {
        if let date = single[.issueDate], let iso = profile.isoDate(date) { single[.issueDate] = iso }
        for (name, map) in profile.vocabulary {
            guard let field = Field.named[name] else { continue }
            let lowered = Dictionary(map.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
            if let value = single[field], let mapped = lowered[value.lowercased()] { single[field] = mapped }
            if let parts = multi[field] { multi[field] = parts.map { lowered[$0.lowercased()] ?? $0 } }
        }
    }

    func has(_ field: Field) -> Bool {
        field.isMultiValued ? multi[field] != nil : single[field] != nil
    }

    func single(_ field: Field) -> String? { single[field] }

    func parts(_ field: Field) -> [String] { multi[field] ?? [] }

    func joined(_ field: Field) -> String { parts(field).joined(separator: "|") }

    /// The record as read, with the learner id replaced by its key, for the quarantine.
    func quarantineCopy(of raw: RawRecord) -> [String: RawValue] {
        var values = raw.values
        if values[Field.learnerId.rawValue] != nil {
            values[Field.learnerId.rawValue] = learnerKey.map { .text($0) } ?? .text("")
        }
        return values
    }
}
