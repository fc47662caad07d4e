/// The input formats mcstat recognises by content. Raw values are the names `validate` prints.
public enum InputFormat: String, Sendable, Codable, CaseIterable {
    /// Canonical (or profiled) CSV.
    case csv
    /// Canonical XML: `<credentials><credential>` with one child per canonical field.
    case xml
    /// ELM v2 XML, `europassCredential` in namespace `http://data.europa.eu/snb`.
    case elmXML = "elm-xml"
    /// ELM v3 JSON-LD (EDC), plain, wrapped or signed.
    case elmJSONLD = "elm-jsonld"
    /// Open Badges 3.0 `OpenBadgeCredential`.
    case openBadges3 = "ob3"
    /// A JSON array of canonical records.
    case json
    /// JSON Lines of canonical records.
    case jsonLines = "jsonl"
}
