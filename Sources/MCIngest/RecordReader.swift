import MCModel

/// A source of raw records, read one at a time so memory does not grow with the file.
///
/// `next()` returns nil at the end of the input; it throws ``IngestError`` only when the whole
/// input cannot go on. Findings about the file as a whole (unknown columns, say) collect in
/// `fileIssues`.
public protocol RecordReader {
    /// The format this reader reads.
    var format: InputFormat { get }
    /// File-level warnings found so far.
    var fileIssues: [ValidationIssue] { get }
    /// The next record, or nil at the end of the input.
    mutating func next() throws(IngestError) -> RawRecord?
}
