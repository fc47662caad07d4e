import Foundation
internal import Logging
internal import MCPipeline

/// The audit trail: one JSON object per line for every sign-in, submission and download, with the
/// account and awarding body — never a token, a learner id or a record's content.
package struct AuditLog: Sendable {
    let logger: Logger

    /// Writes to `path` (appending), or to standard error when nil.
    package init(path: String?) throws(ServeError) {
        let output: LogOutput
        if let path {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw .inbox(path: path, reason: "cannot open the audit log")
            }
            handle.seekToEndOfFile()
            output = LogOutput(handle: handle)
        } else {
            output = .standardError
        }
        // The operators' handler in JSON: every value is a string as given (an awarding body
        // `0815` stays "0815").
        logger = Logger(label: "mcstat.audit") { _ in OperatorLogHandler(format: .json, logLevel: .info, output: output) }
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
