import MCModel

/// A raw record's values after step 1 of the rules: trimmed of ASCII space, tab, CR and LF,
/// blank values and blank parts of multi-valued fields removed.
struct TrimmedValues: Sendable {
    private var single: [String: String] = [:]
    private var multi: [String: [String]] = [:]
    /// The learner's pseudonymous key, once computed.
    var learnerKey: String?

    init(_ raw: RawRecord) {
        for (name, value) in raw.values {
            if let field = Field(rawValue: name), field.isMultiValued {
                let parts = value.parts(splitting: true).map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
                if !parts.isEmpty { multi[name] = parts }
            } else {
                let text = value.joined.trimmingASCIIWhitespace()
                if !text.isEmpty { single[name] = text }
            }
        }
    }

    func has(_ field: Field) -> Bool {
        field.isMultiValued ? multi[field.rawValue] != nil : single[field.rawValue] != nil
    }

    func single(_ field: Field) -> String? { single[field.rawValue] }

    func parts(_ field: Field) -> [String] { multi[field.rawValue] ?? [] }

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
