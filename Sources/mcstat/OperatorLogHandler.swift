import Foundation
internal import Logging
internal import MCPipeline

/// Writes log lines to stderr for an operator to collect: `text` for people, or `json`, one
/// object per line with `time`, `level`, `message` and the event's metadata (`run_id`, `file`,
/// `counts`, `outcome`, …) as keys.
struct OperatorLogHandler: LogHandler {
    enum Format: String, CaseIterable, Sendable {
        case text, json
    }

    let format: Format
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        for (key, value) in event.metadata ?? [:] { merged[key] = value }
        let time = Date().ISO8601Format(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        let line: String
        switch format {
        case .text:
            let context = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(OperatorLogHandler.text($0.value))" }
            line = "\(time) \(event.level) \(event.message)" + (context.isEmpty ? "" : " [" + context.joined(separator: " ") + "]")
        case .json:
            var object: [String: Any] = ["time": time, "level": event.level.rawValue, "message": event.message.description]
            for (key, value) in merged { object[key] = OperatorLogHandler.json(value) }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A metadata value as JSON, of the type it was given as (cli.md: a file named `0815`
    /// stays the string "0815"): text is a string, a whole number a number, ``LogNull`` null.
    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text):
            return text
        case .stringConvertible(let convertible):
            switch convertible {
            case let number as any BinaryInteger: return Int(clamping: number)
            case let flag as Bool: return flag
            case is LogNull: return NSNull()
            default: return convertible.description
            }
        case .array(let items): return items.map(json)
        case .dictionary(let entries): return entries.mapValues(json)
        }
    }

    static func text(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let items): "[" + items.map(text).joined(separator: ",") + "]"
        case .dictionary(let entries): "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key)=\(text($0.value))" }.joined(separator: ",") + "}"
        }
    }
}
