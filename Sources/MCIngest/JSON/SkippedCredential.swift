internal import MCModel

/// A credential of a file that is not an award (an identity credential, an accreditation, an
/// endorsement, a course description): named in a file-level `not_an_award` warning by its
/// place, id and types, never by anything about its subject (annex-i.md rule 23).
struct SkippedCredential {
    /// Where it sits (a JSON pointer, or an XML element's name and line).
    let place: String
    let id: String?
    let types: [String]
    /// What it is, in words.
    let what: String

    init(_ cursor: JSONCursor, what: String) {
        place = cursor.pointer.isEmpty ? "/" : cursor.pointer
        id = cursor.id
        types = (cursor.value["type"] ?? cursor.value["@type"])?.many.compactMap(\.text) ?? []
        self.what = what
    }

    init(place: String, what: String) {
        self.place = place
        id = nil
        types = []
        self.what = what
    }

    /// The JSON pointer of a credential found in JSON.
    var pointer: String { place }

    /// How the credential is named: its place, id and types.
    var name: String {
        var parts: [String] = []
        if let id { parts.append("id \(id.count > 200 ? String(id.prefix(200)) + "…" : id)") }
        if !types.isEmpty { parts.append("type \(types.prefix(6).joined(separator: ", "))") }
        return "the credential at \(place)" + (parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))")
    }

    /// The file-level warning.
    func issue(line: Int?) -> ValidationIssue {
        ValidationIssue(record: nil, line: line, pointer: place.hasPrefix("/") ? place : nil, field: nil, code: .notAnAward,
                        severity: .warning, message: "\(name) is not an award: \(what); it was skipped",
                        hint: "nothing to do when the file's other credentials are the awards; an identity credential, accreditation, endorsement or course description gives no micro-credential record")
    }
}
