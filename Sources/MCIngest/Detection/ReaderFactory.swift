package import MCModel

/// Opens the right ``RecordReader`` for a file, by its content.
package enum ReaderFactory {
    /// A reader for the file at `path`, whose records and errors name `displayPath` (the member
    /// name for a file unpacked from an archive). Throws when the file cannot be read or its
    /// format is not known. A `profile` applies to CSV files.
    package static func open(path: String, displayPath: String? = nil, profile: CSVProfile? = nil) throws(IngestError) -> any RecordReader {
        do {
            switch try FormatDetector.detect(path: path) {
            case .csv: return try CSVReader(path: path, profile: profile)
            case .elmXML: return try ELMXMLReader(path: path)
            case .xml: return try CanonicalXMLReader(path: path)
            case .jsonLines: return try JSONLinesReader(path: path)
            case .json, .elmJSONLD, .openBadges3, .openBadges2: return try JSONDocumentReader(path: path)
            case .vcJWT: return try JSONLinesReader(path: path, format: .vcJWT)
            }
        } catch {
            throw error.renamed(to: displayPath ?? path)
        }
    }
}

extension IngestError {
    /// The same error about another name of the file.
    func renamed(to path: String) -> IngestError {
        switch self {
        case .unreadable(_, let reason): .unreadable(path: path, reason: reason)
        case .empty: .empty(path: path)
        case .unknownFormat(_, let seen): .unknownFormat(path: path, seen: seen)
        case .unsupportedFormat(_, let format): .unsupportedFormat(path: path, format: format)
        case .malformed(_, let line, let reason): .malformed(path: path, line: line, reason: reason)
        case .unsafe(_, let line, let reason): .unsafe(path: path, line: line, reason: reason)
        case .emptyInput(_, let reason): .emptyInput(path: path, reason: reason)
        }
    }
}
