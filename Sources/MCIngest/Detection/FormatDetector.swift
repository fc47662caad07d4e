import Foundation
internal import MCModel

/// Recognises an input's format from its first bytes, not its extension.
package enum FormatDetector {
    /// How many bytes are looked at.
    static let sniffLength = 1 << 20

    /// The format of the file at `path`, or an ``IngestError`` saying what was seen instead.
    package static func detect(path: String) throws(IngestError) -> InputFormat {
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

    /// The local name of the first element of an XML text, skipping the declaration, comments
    /// and processing instructions.
    static func rootElement(_ text: String) -> String? {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            if after.hasPrefix("?") || after.hasPrefix("!") {
                guard let close = after.firstIndex(of: ">") else { return nil }
                rest = after[after.index(after: close)...]
                continue
            }
            let name = after.prefix { !" \t\r\n/>".contains($0) }
            return name.split(separator: ":").last.map(String.init)
        }
        return nil
    }

    /// JSON Lines: the first line is a whole JSON value and more content follows it.
    static func isJSONLines(_ content: ArraySlice<UInt8>) -> Bool {
        guard let newline = content.firstIndex(of: 0x0A) else { return false }
        let firstLine = Array(content[content.startIndex..<newline])
        guard (try? JSONParser.parse(firstLine)) != nil else { return false }
        return content[(newline + 1)...].contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }
    }

    /// The format of a file that starts with `head`.
    package static func detect(head: [UInt8], path: String) throws(IngestError) -> InputFormat {
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
            let text = String(decoding: content.prefix(sniffLength), as: UTF8.self)
            if text.contains("europassCredential") || ELMXMLReader.namespaces.contains(where: text.contains) { return .elmXML }
            if let root = rootElement(text) {
                if root == "credentials" { return .xml }
                if ELMXMLReader.isLearningOpportunity(root) { throw .unknownFormat(path: path, seen: ELMXMLReader.learningOpportunityDescription(root)) }
                throw .unknownFormat(path: path, seen: "XML whose root element is <\(root)>, neither europassCredential (ELM v2) nor credentials (canonical XML)")
            }
            if text.contains("<!DOCTYPE") { return .xml }   // the reader refuses the DTD as unsafe
            throw .unknownFormat(path: path, seen: "XML without a root element in its first \(sniffLength) bytes")
        case UInt8(ascii: "["):
            return .json
        case UInt8(ascii: "{"):
            return isJSONLines(content) ? .jsonLines : .json
        case UInt8(ascii: "\""), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // A whole document that is one JSON scalar is no export; anything else may be a CSV.
            if head.count < sniffLength, let value = try? JSONParser.parse(Array(content)) {
                throw .unknownFormat(path: path, seen: "a single JSON \(JSONRecordShape.kindName(value)), not a credential nor records")
            }
            return .csv
        case UInt8(ascii: "e") where CompactJWS.looksLikeToken(content.prefix { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 }):
            // A compact JWS / VC-JWT: never a CSV. Its first token must carry a payload.
            let token = String(decoding: content.prefix { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 }, as: UTF8.self)
            do {
                _ = try CompactJWS.payload(of: token)
            } catch {
                throw .unknownFormat(path: path, seen: error.seen)
            }
            return .vcJWT
        default:
            if content.prefix(512).contains(0) {
                throw .unknownFormat(path: path, seen: "binary data (a NUL byte in the first 512 bytes)")
            }
            return .csv
        }
    }
}
