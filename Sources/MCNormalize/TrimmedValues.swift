internal import MCModel

/// A raw record's values after step 1 of the rules: trimmed of ASCII space, tab, CR and LF,
/// blank values and blank parts of multi-valued fields removed.
///
/// A class: the rules read it dozens of times, from closures too, and a struct of 64 slots was
/// copied (every slot retained) on the way.
final class TrimmedValues: @unchecked Sendable {
    // Indexed by `Field.ordinal`: a record's values are looked up dozens of times. Inline
    // storage (room for 32 fields; a test checks there are no more): no allocation per record.
    private var single = InlineArray<32, String?>(repeating: nil)
    private var multi = InlineArray<32, [String]?>(repeating: nil)
    /// The learner's pseudonymous key, once computed.
    var learnerKey: String?
    /// The issue date as written, when a profile's date format rewrote it as YYYY-MM-DD:
    /// messages name the value the institution wrote (annex-i.md rule 26).
    private(set) var writtenIssueDate: String?

    init(_ raw: RawRecord) {
        for field in Field.allCases {
            guard let value = raw[field] else { continue }
            if field.isMultiValued {
                var parts: [String] = []
                for part in value.parts(splitting: true) {
                    let trimmed = part.trimmingASCIIWhitespace()
                    if !trimmed.isEmpty { parts.append(trimmed) }
                }
                if !parts.isEmpty { multi[field.ordinal] = parts }
            } else {
                let text = value.joined.trimmingASCIIWhitespace()
                if !text.isEmpty { single[field.ordinal] = text }
            }
        }
    }

    /// Applies a profile's date format and extra vocabulary (lower-cased keys, by field) before
    /// any rule runs.
    func apply(_ profile: CSVProfile, vocabulary: [(Field, [String: String])]) {
        if let date = single[Field.issueDate.ordinal], let iso = profile.isoDate(date) {
            single[Field.issueDate.ordinal] = iso
            writtenIssueDate = date
        }
        for (field, lowered) in vocabulary {
            if let value = single[field.ordinal], let mapped = lowered[value.lowercased()] { single[field.ordinal] = mapped }
            if let parts = multi[field.ordinal] { multi[field.ordinal] = parts.map { lowered[$0.lowercased()] ?? $0 } }
        }
    }

    func has(_ field: Field) -> Bool {
        field.isMultiValued ? multi[field.ordinal] != nil : single[field.ordinal] != nil
    }

    func single(_ field: Field) -> String? { single[field.ordinal] }

    func parts(_ field: Field) -> [String] { multi[field.ordinal] ?? [] }

    func joined(_ field: Field) -> String { parts(field).joined(separator: "|") }

    /// The record as read, with the learner id replaced by its key, for the quarantine.
    func quarantineCopy(of raw: RawRecord) -> RawRecord {
        var copy = raw
        if copy[.learnerId] != nil { copy[.learnerId] = .text(learnerKey ?? "") }
        return copy
    }
}
