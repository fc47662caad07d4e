package import MCModel

/// Collects a record's canonical values as a reader maps them, with where each was found.
package struct RecordBuilder {
    /// The values so far, in a record whose provenance is set when it is finished.
    private var draft = RawRecord(provenance: Provenance(file: "", record: 0, line: nil))
    package private(set) var notes: [ValidationIssue] = []
    /// Why the record cannot be taken as read, when the reader knows better than the rules.
    package private(set) var failure: ValidationIssue?
    /// Which claim of a credential with several awards the record reads (``ClaimChoice/origin``).
    package var claim: String?

    package init() {}

    /// The value of `field` so far.
    package subscript(field: Field) -> RawValue? { draft[field] }

    /// Sets `field` to `value` (ignored when nil), found at `location`.
    package mutating func set(_ field: Field, _ value: String?, at location: SourceLocation? = nil) {
        guard let value else { return }
        draft[field] = .text(value)
        if let location { draft.setLocation(location, of: field) }
    }

    /// Sets a multi-valued field (ignored when empty).
    package mutating func set(_ field: Field, list: [String], at location: SourceLocation? = nil) {
        guard !list.isEmpty else { return }
        draft[field] = .list(list)
        if let location { draft.setLocation(location, of: field) }
    }

    /// Rejects the record with `issue` (the first failure set wins).
    package mutating func fail(_ issue: ValidationIssue) { if failure == nil { failure = issue } }

    /// Adds a reader warning.
    package mutating func note(_ issue: ValidationIssue) { notes.append(issue) }

    /// Warns when a workload in hours cannot be right for the ECTS given (1 ECTS is 25–30 hours
    /// of work; anything outside 5–100 hours per credit is implausible, annex-i.md rule 21): also
    /// hours for 0 ECTS, which is more than 100 hours per credit, however few the hours.
    mutating func checkWorkload(record: Int, location: SourceLocation) {
        guard case .text(let hoursText)? = draft[.workloadHours], case .text(let ectsText)? = draft[.ects],
              let perCredit = RecordBuilder.implausibleWorkload(hours: hoursText, ects: ectsText) else { return }
        let rate = perCredit.isFinite ? "is \(perCredit < 1e9 ? String(Int(perCredit)) : "over a billion") hours per credit" : "gives no credit for that work"
        note(ValidationIssue(record: record, line: location.line, pointer: location.pointer, field: .workloadHours,
                             code: .implausibleWorkload, severity: .warning, value: hoursText,
                             message: "\(hoursText) hours of workload for \(ectsText) ECTS \(rate); 1 ECTS is 25–30 hours",
                             hint: "check the duration: PT60H is 60 hours, P60M is 60 months"))
    }

    /// The hours per credit of a workload and ECTS as the record holds them, when they are
    /// implausible (``checkWorkload(record:location:)``); nil when they are not, or are no figures.
    static func implausibleWorkload(hours hoursText: String, ects ectsText: String) -> Double? {
        guard let hours = Double(hoursText), let ects = Double(String(ectsText.map { $0 == "," ? "." : $0 })), ects >= 0 else { return nil }
        // Figures too large to hold are rejected as bad values by the normalizer, not warned about here.
        guard hours <= Double(CivilDate.maxHours), ects <= Double(CivilDate.maxHours) else { return nil }
        let perCredit = ects > 0 ? hours / ects : (hours > 0 ? Double.infinity : 0)
        return (perCredit < 5 && ects > 0) || perCredit > 100 ? perCredit : nil
    }

    /// The finished record.
    package func record(_ provenance: Provenance, damage: ValidationIssue? = nil) -> RawRecord {
        var record = draft
        record.provenance = provenance
        record.provenance.claim = claim
        record.damage = damage ?? failure
        record.notes = notes
        return record
    }
}

