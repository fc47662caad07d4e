package import MCModel

/// A source of raw records, read one at a time so memory does not grow with the file.
///
/// `next()` returns nil at the end of the input; it throws ``IngestError`` only when the whole
/// input cannot go on. Findings about the file as a whole (unknown columns, say) collect in
/// `fileIssues`.
package protocol RecordReader {
    /// The format this reader reads.
    var format: InputFormat { get }
    /// File-level warnings found so far.
    var fileIssues: [ValidationIssue] { get }
    /// The next record, or nil at the end of the input.
    mutating func next() throws(IngestError) -> RawRecord?
    /// Called once every record was read and handled (on any copy of the reader): throws when
    /// what was read shows that the file as a whole cannot be taken (a CSV header that no row
    /// fits, say).
    func finish() throws(IngestError)
}

extension RecordReader {
    package func finish() throws(IngestError) {}
}
