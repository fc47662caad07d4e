import Foundation
package import Logging
import Synchronization

/// The one log handler of mcstat, for the command line and the web service alike: `text` for
/// people, or `json`, one object per line with `time`, `level`, `message` and the event's
/// metadata (`run_id`, `file`, `counts`, `outcome`, `event`, `account`, …) as keys. The audit log
/// of `serve` is this handler's JSON too.
package struct OperatorLogHandler: LogHandler {
    package enum Format: String, CaseIterable, Sendable {
        case text, json
    }

    package let format: Format
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    let output: LogOutput

    /// A handler writing to `output` (standard error unless told).
    package init(format: Format, logLevel: Logger.Level, output: LogOutput = .standardError) {
        self.format = format
        self.logLevel = logLevel
        self.output = output
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        for (key, value) in event.metadata ?? [:] { merged[key] = value }
        let time = Date().ISO8601Format(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        switch format {
        case .text:
            let context = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.text($0.value))" }
            output.write("\(time) \(event.level) \(event.message)" + (context.isEmpty ? "" : " [" + context.joined(separator: " ") + "]"))
        case .json:
            var object: [String: Any] = ["time": time, "level": event.level.rawValue, "message": event.message.description]
            for (key, value) in merged { object[key] = Self.json(value) }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            output.write(String(decoding: data, as: UTF8.self))
        }
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

/// Where log lines go: a file handle shared by every copy of the handler (and by every logger
/// writing to it), written one whole line at a time so that lines never interleave.
package final class LogOutput: Sendable {
    private let handle: Mutex<FileHandle>

    package init(handle: FileHandle) { self.handle = Mutex(handle) }

    /// Standard error, shared by the command's log and `serve`'s audit log when it has no file.
    package static let standardError = LogOutput(handle: .standardError)

    func write(_ line: String) {
        let data = Data((line + "\n").utf8)
        handle.withLock { $0.write(data) }
    }
}
