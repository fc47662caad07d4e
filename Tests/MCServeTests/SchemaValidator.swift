import Foundation

/// Checks an HTTP answer against an OpenAPI 3.1 document: its status must be documented for the
/// operation, and a JSON body must match the schema (the subset the document uses: `$ref`,
/// `type` (one or several), `required`, `properties`, `items`, `enum`, `const`).
struct SchemaValidator {
    let document: [String: Any]

    func check(answer: HTTPProbe.Answer, method: String, path: String) -> [String] {
        guard let operation = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?[method.lowercased()] as? [String: Any] else {
            return ["\(method) \(path) is not documented"]
        }
        guard var response = (operation["responses"] as? [String: Any])?["\(answer.status)"] as? [String: Any] else {
            return ["status \(answer.status) is not documented for \(method) \(path)"]
        }
        response = resolve(response)
        guard answer.headers["content-type"]?.hasPrefix("application/json") == true else { return [] }
        guard let schema = ((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] else {
            return ["a JSON body where the document gives no JSON schema"]
        }
        guard let value = try? JSONSerialization.jsonObject(with: answer.body, options: [.fragmentsAllowed]) else {
            return ["the body is not JSON"]
        }
        return validate(value, against: schema, at: "$")
    }

    func resolve(_ node: [String: Any]) -> [String: Any] {
        guard let reference = node["$ref"] as? String, reference.hasPrefix("#/") else { return node }
        var current: Any = document
        for part in reference.dropFirst(2).split(separator: "/") {
            current = (current as? [String: Any])?[String(part)] ?? [:]
        }
        return resolve(current as? [String: Any] ?? [:])
    }

    func validate(_ value: Any, against rawSchema: Any, at place: String) -> [String] {
        let schema = resolve(rawSchema as? [String: Any] ?? [:])
        var problems: [String] = []
        if let types = schema["type"].map({ ($0 as? [String]) ?? [$0 as? String ?? ""] }), !types.contains(where: { Self.matches(value, $0) }) {
            return ["\(place): \(Self.kind(value)) is not \(types.joined(separator: " or "))"]
        }
        if let allowed = schema["enum"] as? [String], let text = value as? String, !allowed.contains(text) {
            problems.append("\(place): '\(text)' is not one of \(allowed)")
        }
        if let constant = schema["const"] as? String, value as? String != constant {
            problems.append("\(place): expected '\(constant)'")
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(place): '\(key)' is missing")
            }
            for (key, propertySchema) in schema["properties"] as? [String: Any] ?? [:] {
                if let property = object[key] { problems += validate(property, against: propertySchema, at: "\(place).\(key)") }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (index, item) in array.enumerated() { problems += validate(item, against: items, at: "\(place)[\(index)]") }
        }
        return problems
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "integer": return !(value is String) && (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } ?? false
        case "number": return !(value is String) && value is NSNumber
        default: return true
        }
    }

    static func kind(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case is String: "a string"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: "a number"
        }
    }
}
