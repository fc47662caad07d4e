import Foundation
internal import MCModel

/// A credential carried as text inside another document (annex-i.md rule 23): base64 of an XML
/// or JSON credential (or of a compact JWS), also as a `data:` URL, a JSON string holding JSON,
/// or XML written as text. Decoded and read like a credential of its own.
enum EmbeddedCredential {
    /// The bytes of the credential `text` carries, or nil when it carries none: JSON or XML
    /// text as it is, else base64 (standard or url-safe, line breaks allowed) whose decoded
    /// bytes start like JSON, XML or a compact JWS.
    static func bytes(_ text: String) -> [UInt8]? {
        var body = Substring(text).drop { $0.isWhitespace }
        while body.last?.isWhitespace == true { body = body.dropLast() }
        if let first = body.utf8.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "<") {
            return Array(body.utf8)
        }
        if body.hasPrefix("data:"), let comma = body.firstIndex(of: ","), body[..<comma].hasSuffix(";base64") {
            body = body[body.index(after: comma)...]
        }
        guard body.utf8.count >= 16, body.utf8.allSatisfy({ CompactJWS.isBase64URL($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/")
            || $0 == UInt8(ascii: "=") || $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }) else { return nil }
        let compact = Substring(String(body.filter { !$0.isWhitespace }).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        guard let data = CompactJWS.decodeBase64URL(compact) else { return nil }
        var decoded = [UInt8](data)[...]
        if decoded.starts(with: [0xEF, 0xBB, 0xBF]) { decoded = decoded.dropFirst(3) }
        decoded = decoded.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = decoded.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "<")
                || decoded.starts(with: Array("eyJ".utf8)) else { return nil }
        return Array(decoded)
    }

    /// The records of a credential carried in the JSON string `text` at `pointer`, or nil when
    /// the text carries none.
    static func shapes(_ text: String, at pointer: String) -> [JSONRecordShape]? {
        guard let bytes = bytes(text), let first = bytes.first else { return nil }
        if first == UInt8(ascii: "<") { return xmlShapes(bytes, at: pointer) }
        if first == UInt8(ascii: "e") {
            return JSONRecordShape.shapes(ofToken: String(decoding: bytes, as: UTF8.self), at: pointer)
        }
        guard let value = try? JSONParser.parse(bytes) else { return nil }
        return JSONRecordShape.shapes(JSONCursor(value, pointer: pointer))
    }

    /// The records of the ELM v2 credentials of an XML text found at `pointer` in JSON.
    static func xmlShapes(_ bytes: [UInt8], at pointer: String) -> [JSONRecordShape] {
        do {
            let credentials = try europassCredentials(inXML: bytes, name: "the XML at \(pointer)")
            if credentials.isEmpty {
                return [.notAward(SkippedCredential(place: pointer, what: "XML holding no europassCredential"))]
            }
            return credentials.flatMap { credential -> [JSONRecordShape] in
                guard let choices = ELMXMLMapper.choices(credential) else { return [.elmXML(credential, claim: nil, pointer: pointer)] }
                return choices.map { .elmXML(credential, claim: $0, pointer: pointer) }
            }
        } catch {
            return [.unknown("XML embedded at \(pointer) that cannot be read (\(error.message))")]
        }
    }

    /// The `europassCredential` elements of an XML text, read as safely as a file.
    static func europassCredentials(inXML bytes: [UInt8], name: String) throws(IngestError) -> [XMLElement] {
        let stream = try XMLStreamReader(bytes: bytes, name: name)
        var found: [XMLElement] = []
        while let subtree = try stream.nextSubtree(where: { name, namespace, _ in
            name == "europassCredential" && ELMXMLReader.namespaces.contains(namespace)
        }) {
            found.append(subtree.root)
        }
        return found
    }
}
