import Foundation
internal import Logging
import Synchronization

/// The audit trail: one JSON object per line for every sign-in, submission and download, with the
/// account and awarding body — never a token, a learner id or a record's content.
package struct AuditLog: Sendable {
    let logger: Logger

    /// Writes to `path` (appending), or to standard error when nil.
    package init(path: String?) throws(ServeError) {
        let sink: FileHandle
        if let path {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw .inbox(path: path, reason: "cannot open the audit log")
            }
            handle.seekToEndOfFile()
            sink = handle
        } else {
            sink = FileHandle.standardError
        }
        let output = JSONLinesOutput(handle: sink)
        logger = Logger(label: "mcstat.audit") { _ in JSONLinesLogHandler(output: output) }
    }

    /// Records one event (`sign_in`, `sign_in_failed`, `submission`, `download`, …).
    package func record(_ event: String, account: Account?, awardingBody: String? = nil, address: String? = nil,
                       details: [String: String] = [:]) {
        var metadata: Logger.Metadata = ["event": .string(event)]
        if let account {
            metadata["account"] = .string(account.id)
            metadata["role"] = .string(account.role.rawValue)
        }
        if let awardingBody { metadata["awarding_body"] = .string(awardingBody) }
        if let address { metadata["address"] = .string(address) }
        for (key, value) in details { metadata[key] = .string(value) }
        logger.info("\(event)", metadata: metadata)
    }
}

/// A file handle shared by every copy of the log handler, written one whole line at a time.
final class JSONLinesOutput: Sendable {
    private let handle: Mutex<FileHandle>

    init(handle: FileHandle) { self.handle = Mutex(handle) }

    func write(_ line: Data) {
        handle.withLock { $0.write(line) }
    }
}

/// A swift-log handler that writes `{"time", "level", "message", …metadata}` as one JSON line.
struct JSONLinesLogHandler: LogHandler {
    let output: JSONLinesOutput
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = "\(value)"
        }
        object["time"] = ISO8601DateFormatter().string(from: Date())
        object["level"] = event.level.rawValue
        object["message"] = "\(event.message)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(object) else { return }
        line.append(0x0A)
        output.write(line)
    }
}
