/// Where a record came from: the file, its position in the file, and the physical line where it
/// starts (or a JSON pointer for JSON inputs).
public struct Provenance: Sendable, Codable, Equatable, Hashable {
    public var file: String
    /// 1-based position of the record in its file.
    public var record: Int
    /// Physical line where the record starts (header = line 1 for CSV).
    public var line: Int?
    /// JSON pointer to the record, for JSON inputs.
    public var pointer: String?
    /// The fields whose values came from the pipeline source's `defaults`, not from the file.
    public var defaulted: [String]?

    public init(file: String, record: Int, line: Int?, pointer: String? = nil) {
        self.file = file
        self.record = record
        self.line = line
        self.pointer = pointer
    }
}
