import Foundation
import MCModel

/// Recognises an input's format from its first bytes, not its extension.
public enum FormatDetector {
    /// How many bytes are looked at.
    static let sniffLength = 8192

    /// The format of the file at `path`, or an ``IngestError`` saying what was seen instead.
    public static func detect(path: String) throws(IngestError) -> InputFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw .unreadable(path: path, reason: isDirectory.boolValue ? "is a directory" : "permission denied")
            }
            throw .unreadable(path: path, reason: "no such file")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: sniffLength)) ?? Data()
        return try detect(head: [UInt8](head), path: path)
    }

    /// The format of a file that starts with `head`.
    public static func detect(head: [UInt8], path: String) throws(IngestError) -> InputFormat {
        if head.isEmpty { throw .empty(path: path) }
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw .unsupportedFormat(path: path, format: "zip archive")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw .unknownFormat(path: path, seen: "UTF-16 text (export the file as UTF-8)")
        }
        let content = bytes.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A })
        guard let first = content.first else {
            throw .unknownFormat(path: path, seen: "only white space")
        }
        switch first {
        case UInt8(ascii: "<"):
            let text = String(decoding: content, as: UTF8.self)
            if text.contains("europassCredential") {
                throw .unsupportedFormat(path: path, format: InputFormat.elmXML.rawValue)
            }
            if text.contains("<credentials") {
                throw .unsupportedFormat(path: path, format: InputFormat.xml.rawValue)
            }
            throw .unknownFormat(path: path, seen: "XML whose root is neither europassCredential nor credentials")
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            throw .unsupportedFormat(path: path, format: "JSON")
        default:
            if content.prefix(512).contains(0) {
                throw .unknownFormat(path: path, seen: "binary data (NUL bytes in the first line)")
            }
            return .csv
        }
    }
}
