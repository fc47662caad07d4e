package import MCModel

/// What a pipeline source declares about the records it may carry: the awarding bodies (an
/// institution's own folder) and default values for Annex I elements its files never carry.
///
/// ```yaml
/// - path: inbox/nl-badges/*
///   awarding_bodies: [NL-BRIN-21XY]
///   defaults: {issuer_country: NL}
/// ```
package struct SourcePolicy: Sendable, Equatable {
    /// The awarding bodies whose records the source may carry; nil allows any.
    package var awardingBodies: [String]?
    /// Values for elements a record lacks (blank counts as lacking); never override a value.
    package var defaults: [Field: String]

    /// Any awarding body, no defaults: what `validate` and `ingest` use unless told otherwise.
    package static let open = SourcePolicy()

    package init(awardingBodies: [String]? = nil, defaults: [Field: String] = [:]) {
        self.awardingBodies = awardingBodies
        self.defaults = defaults
    }

    /// The binding a file is imported under: the awarding bodies, sorted and `|`-joined ('' for
    /// any). The same bytes are imported once per binding, so that each institution whose
    /// folder holds them gets its own rejects.
    package var binding: String {
        (awardingBodies ?? []).sorted().joined(separator: "|")
    }

    /// Whether the source may carry records of `awardingBody`.
    package func allows(_ awardingBody: String) -> Bool {
        awardingBodies?.contains(awardingBody) ?? true
    }

    /// The awarding body a rejected record is listed under: its own when the source may carry
    /// it; otherwise (missing, foreign, or a record that could not be read apart) the source's
    /// first awarding body, so the institution that sent the file gets it back.
    package func attribution(for awardingBody: String?) -> String? {
        guard let first = awardingBodies?.first else { return awardingBody }
        if let awardingBody, allows(awardingBody) { return awardingBody }
        return first
    }

    /// `raw` with the defaults filled in where it has no value, the filled fields recorded in
    /// its provenance (`defaulted`).
    package func applyingDefaults(to raw: RawRecord) -> RawRecord {
        guard !defaults.isEmpty, raw.damage == nil else { return raw }
        var record = raw
        var filled: [String] = []
        for (field, value) in defaults.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let present = raw[field].map { !$0.parts(splitting: field.isMultiValued)
                .allSatisfy { $0.trimmingASCIIWhitespace().isEmpty } } ?? false
            guard !present else { continue }
            record[field] = .text(value)
            filled.append(field.rawValue)
        }
        if !filled.isEmpty { record.provenance.defaulted = filled }
        return record
    }
}
