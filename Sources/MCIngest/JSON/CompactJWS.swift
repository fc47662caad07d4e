import Foundation
internal import MCModel

/// Compact JWS (`header.payload.signature`, base64url) and VC-JWT: the payload's `vc` claim is the
/// credential (or the payload itself when it has none), and the registered claims `jti`, `iss`,
/// `sub` and `nbf` (else `iat`) stand in for a missing credential id, issuer id, learner id and
/// issue date (annex-i.md rule 19). The signature is not verified: mcstat counts, it does not
/// accept or refuse credentials by their proof.
package enum CompactJWS {
    /// Why a token cannot be read.
    package enum Failure: Error, Equatable, Sendable {
        /// `header..signature` or a header alone: nothing to read.
        case noPayload
        /// The payload is not base64url, or not a JSON object.
        case badPayload(String)

        /// What was seen, for an error message.
        package var seen: String {
            switch self {
            case .noPayload: "a compact JWS with no payload (a detached or header-only token)"
            case .badPayload(let reason): "a compact JWS whose payload \(reason)"
            }
        }
    }

    /// Whether `bytes` (one line, trimmed) has the shape of a compact JWS: base64url segments
    /// separated by dots, the first one a JSON object's encoding (`eyJ`).
    package static func looksLikeToken(_ bytes: some Collection<UInt8>) -> Bool {
        guard bytes.starts(with: Array("eyJ".utf8)) else { return false }
        return bytes.allSatisfy { isBase64URL($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "=") }
    }

    static func isBase64URL(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// The decoded payload of a token.
    package static func payload(of token: String) throws(Failure) -> JSONValue {
        let parts = token.trimmingASCIIWhitespace().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 5, !parts[1].isEmpty else { throw .noPayload }
        if parts.count == 5 { throw .badPayload("is encrypted (JWE): it cannot be read without the key") }
        guard let data = decodeBase64URL(parts[1]) else { throw .badPayload("is not base64url") }
        let value: JSONValue
        do { value = try JSONParser.parse([UInt8](data)) } catch { throw .badPayload("is not JSON") }
        guard value.isObject else { throw .badPayload("is not a JSON object") }
        return value
    }

    /// The credential a VC-JWT payload carries, with the registered claims standing in for
    /// missing members, and the key it sits under (`vc`, or none).
    package static func credential(fromPayload payload: JSONValue) -> (value: JSONValue, key: String?) {
        guard case .object(var members)? = payload["vc"] else { return (payload, nil) }
        func missing(_ key: String, in list: [JSONMember]) -> Bool {
            !(list.first { $0.key == key }.map { JSONCursor($0.value).isPresent } ?? false)
        }
        func put(_ key: String, _ value: JSONValue?, into list: inout [JSONMember]) {
            guard let value, missing(key, in: list) else { return }
            list.removeAll { $0.key == key }
            list.append(JSONMember(key: key, value: value))
        }
        put("id", payload["jti"], into: &members)
        put("issuer", payload["iss"], into: &members)
        if let subject = payload["sub"] {
            var subjects = members.first { $0.key == "credentialSubject" }?.value.many ?? []
            if subjects.isEmpty { subjects = [.object([])] }
            if case .object(var first) = subjects[0] {
                put("id", subject, into: &first)
                subjects[0] = .object(first)
            }
            members.removeAll { $0.key == "credentialSubject" }
            members.append(JSONMember(key: "credentialSubject", value: subjects.count == 1 ? subjects[0] : .array(subjects)))
        }
        let dates = ["issued", "issuanceDate", "validFrom"]
        if dates.allSatisfy({ missing($0, in: members) }), let date = (payload["nbf"] ?? payload["iat"]).flatMap(isoDateTime) {
            members.append(JSONMember(key: "issuanceDate", value: .string(date)))
        }
        return (.object(members), "vc")
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for a NumericDate (seconds since 1970); nil when it is not a
    /// number of seconds between year 1 and 9999.
    package static func isoDateTime(_ value: JSONValue) -> String? {
        guard case .number(let text) = value, let seconds = Double(text), seconds.isFinite,
              seconds > -62_135_596_800, seconds < 253_402_300_800 else { return nil }
        let whole = Int(seconds.rounded(.down))   // within ±2^38: cannot trap
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let time = whole - days * 86_400
        // Within years 1 to 9999 by the guard above.
        let date = CalendarDate(daysSince1970: days)!
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date)T\(two(time / 3600)):\(two(time % 3600 / 60)):\(two(time % 60))Z"
    }

    static func decodeBase64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 = base64.replacingOccurrences(of: "=", with: "")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
