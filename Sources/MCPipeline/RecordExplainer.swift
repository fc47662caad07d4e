import Foundation
package import MCIngest
package import MCModel
package import MCNormalize

/// `validate --explain`: one record of a file, element by element — the value read and where it
/// came from, or every place looked at when it is absent — and what the rules made of it.
/// Learner ids are never shown: only their keys, when a key file is at hand, else "hidden".
package struct RecordExplainer {
    /// The secret's file, when one is available; nil hides learner ids entirely.
    /// The key of learner ids, when a key file was given; they are shown as "hidden" otherwise.
    package let pseudonymizer: Pseudonymizer?
    /// The day of the run (``Normalizer/today``).
    package let today: CalendarDate

    package init(pseudonymizer: Pseudonymizer?, today: CalendarDate = Normalizer.utcToday()) {
        self.pseudonymizer = pseudonymizer
        self.today = today
    }

    /// What `explain` found.
    package enum Outcome: Equatable {
        /// The record, explained, and whether the rules accept it.
        case explained(text: String, accepted: Bool)
        /// The file holds fewer records than asked for.
        case fewerRecords(holds: Int)
    }

    /// The explanation of record `number` (from 1) of `path`. Throws when the file cannot be read
    /// at all.
    package func explain(path: String, record number: Int, profile: CSVProfile? = nil) throws(IngestError) -> Outcome {
        var reader = try ReaderFactory.open(path: path, profile: profile)
        let format = reader.format
        var found: RawRecord?
        var count = 0
        while count < number, let record = try reader.next() {
            count += 1
            if count == number { found = record }
        }
        guard let raw = found else { return .fewerRecords(holds: count) }
        let normalizer = Normalizer(pseudonymizer: pseudonymizer ?? .ephemeral(), profile: profile, today: today)
        let result = normalizer.normalize(raw)

        var lines: [String] = []
        let place = raw.provenance.line.map { "line \($0)" } ?? raw.provenance.pointer.map { "at \($0)" } ?? ""
        lines.append("\(path) (\(format.rawValue)), record \(number)\(place.isEmpty ? "" : ", " + place):")
        // One of several awards of a credential (annex-i.md rule 24): the claim it came from.
        if let claim = raw.provenance.claim { lines.append("  from \(claim)") }
        let codes = RecordCodes.codes(of: result, raw: raw)
        for field in Field.allCases {
            lines.append(describe(field, in: raw, format: format, pseudonymizer: pseudonymizer, code: codes[field]))
        }
        var accepted = false
        switch result {
        case .accepted:
            accepted = true
            lines.append("result: accepted")
        case .rejected(let rejection, _):
            let issue = rejection.issue
            lines.append("result: rejected \(issue.code.rawValue) — \(issue.element ?? "record"): \(issue.message)")
            if let hint = issue.hint { lines.append("    fix: \(hint)") }
        }
        for warning in result.warnings {
            lines.append("warning \(warning.code.rawValue) — \(warning.element ?? "record"): \(warning.message)")
        }
        return .explained(text: lines.joined(separator: "\n") + "\n", accepted: accepted)
    }

    /// One line: the element, the field, the value (a learner id as its key; the `code` the
    /// rules make of a label, with the label as written) and where it was found, or every place
    /// looked at.
    func describe(_ field: Field, in raw: RawRecord, format: InputFormat, pseudonymizer: Pseudonymizer?, code: String? = nil) -> String {
        let label = "  \(field.element.rawValue) (\(field.rawValue)): "
        guard let value = raw[field], !value.joined.trimmingASCIIWhitespace().isEmpty else {
            let places = ReadingPlaces.places(of: field, in: format, for: raw)
            return label + "absent" + (places.isEmpty ? "" : "; looked at " + places.joined(separator: ", "))
        }
        let shown: String
        if field == .learnerId {
            shown = pseudonymizer.map { "key \($0.key(for: value.joined.trimmingASCIIWhitespace()))" }
                ?? "hidden (no key file: pass --key-file to see the learner's key)"
        } else {
            let parts = value.parts(splitting: field.isMultiValued)
            let written = parts.count > 1 ? parts.map { "'\($0)'" }.joined(separator: ", ") : "'\(value.joined)'"
            if let code, code != parts.map({ $0.trimmingASCIIWhitespace() }).joined(separator: "|") {
                shown = code.split(separator: "|").map { "'\($0)'" }.joined(separator: ", ") + " (written \(written))"
            } else {
                shown = written
            }
        }
        return label + shown + " from " + origin(of: field, in: raw, format: format)
    }

    /// Where a field's value was found: its JSON pointer or line, else the record's line and the
    /// column or element named like the field.
    func origin(of field: Field, in raw: RawRecord, format: InputFormat) -> String {
        if let location = raw.location(of: field) {
            let pointer = location.pointer.map { $0 } ?? ""
            let line = location.line.map { "line \($0)" } ?? ""
            return [pointer, line].filter { !$0.isEmpty }.joined(separator: ", ")
        }
        let line = raw.provenance.line.map { "line \($0), " } ?? ""
        switch format {
        case .csv: return line + "column \(field.rawValue)"
        case .json, .jsonLines: return (raw.provenance.pointer ?? "") + "/\(field.rawValue)"
        case .xml: return line + "element <\(field.rawValue)>"
        default: return line.isEmpty ? "the record" : String(line.dropLast(2))
        }
    }
}
