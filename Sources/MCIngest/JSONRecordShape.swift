import MCModel

/// What a JSON record is, found from its keys and types (not from the file name).
enum JSONRecordShape {
    case elm(JSONCursor)
    case openBadges(JSONCursor)
    case canonical(JSONCursor)
    case unknown(String)

    /// Classifies `cursor`, unwrapping the `{"credential": …}` wrapper and the signed JWS JSON
    /// form whose `payload` holds the credential as a JSON string.
    static func classify(_ cursor: JSONCursor) -> JSONRecordShape {
        guard cursor.value.isObject else { return .unknown("a JSON \(kindName(cursor.value)), not an object") }
        if let payload = cursor["payload"], case .string(let text) = payload.value,
           cursor["signatures"] != nil || cursor["signature"] != nil || cursor["protected"] != nil {
            do {
                let inner = try JSONParser.parse(Array(text.utf8))
                return classify(JSONCursor(inner, pointer: payload.pointer))
            } catch let failure as JSONParser.Failure {
                return .unknown("the signed payload is not valid JSON: \(failure.message)")
            } catch {
                return .unknown("the signed payload is not valid JSON")
            }
        }
        if let inner = cursor["credential"], inner.value.isObject, cursor["credentialSubject"] == nil {
            return classify(inner)
        }
        if cursor.hasType("OpenBadgeCredential") || cursor.hasType("AchievementCredential") {
            return .openBadges(cursor)
        }
        if cursor.hasType("EuropeanDigitalCredential") || cursor["credentialSubject"]?.one?["hasClaim"] != nil {
            return .elm(cursor)
        }
        if cursor.value.members.contains(where: { Field.named[$0.key] != nil }) {
            return .canonical(cursor)
        }
        let keys = cursor.value.members.prefix(5).map(\.key).joined(separator: ", ")
        return .unknown("an object with keys \(keys.isEmpty ? "(none)" : keys): not a credential nor a canonical record")
    }

    var format: InputFormat? {
        switch self {
        case .elm: .elmJSONLD
        case .openBadges: .openBadges3
        case .canonical: .json
        case .unknown: nil
        }
    }

    /// Canonical values of the record.
    func builder(record: Int) -> RecordBuilder? {
        switch self {
        case .elm(let cursor): return ELMJSONMapper.map(cursor, record: record)
        case .openBadges(let cursor): return OpenBadgesMapper.map(cursor, record: record)
        case .canonical(let cursor):
            var builder = RecordBuilder()
            for member in cursor.value.members {
                guard let field = Field.named[member.key], let child = cursor[member.key] else { continue }
                switch member.value {
                case .array(let items):
                    let texts = items.compactMap(\.text)
                    if field.isMultiValued { builder.set(field, list: texts, at: child.location) }
                    else { builder.set(field, texts.joined(separator: "|"), at: child.location) }
                case .string, .number, .bool:
                    builder.set(field, member.value.text, at: child.location)
                case .null, .object:
                    continue
                }
            }
            return builder
        case .unknown: return nil
        }
    }

    static func kindName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
