/// The input formats mcstat recognises by content. Raw values are the names `validate` prints.
package enum InputFormat: String, Sendable, Codable, CaseIterable {
    /// Canonical (or profiled) CSV.
    case csv
    /// Canonical XML: `<credentials><credential>` with one child per canonical field.
    case xml
    /// ELM v2 XML, `europassCredential` in namespace `http://data.europa.eu/snb` (or the 2020 draft
    /// namespace `http://data.europa.eu/europass/model/credentials#`).
    case elmXML = "elm-xml"
    /// ELM v3 JSON-LD (EDC), plain, wrapped, signed, flattened or in a presentation; also the
    /// EBSI v1 Europass diploma.
    case elmJSONLD = "elm-jsonld"
    /// Open Badges 3.0 `OpenBadgeCredential`.
    case openBadges3 = "ob3"
    /// Open Badges 2.0 `Assertion` with its `BadgeClass` inline.
    case openBadges2 = "ob2"
    /// Compact JWS / VC-JWT tokens, one per line.
    case vcJWT = "vc-jwt"
    /// A JSON array of canonical records.
    case json
    /// JSON Lines of canonical records.
    case jsonLines = "jsonl"
}
