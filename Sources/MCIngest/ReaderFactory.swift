/// Opens the right ``RecordReader`` for a file, by its content.
public enum ReaderFactory {
    /// A reader for `path`. Throws when the file cannot be read or its format is not known.
    public static func open(path: String) throws(IngestError) -> any RecordReader {
        switch try FormatDetector.detect(path: path) {
        case .csv: return try CSVReader(path: path)
        case let other: throw .unsupportedFormat(path: path, format: other.rawValue)
        }
    }
}
