import MCIngest
import MCModel

/// libFuzzer entry: bytes as a CSV export (detection and factory first, then the CSV reader),
/// then read again in pieces as `validate` reads it (the header row, then chunks cut at row
/// boundaries that parsers of their own read): both ways must give the same records, the same
/// file issues and the same error, or the target traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let result = FuzzInput.fuzz(data, size, as: .csv) { path throws(IngestError) in try CSVReader(path: path) }
    let whole = readCSV(FuzzInput.path, inPieces: false)
    let pieces = readCSV(FuzzInput.path, inPieces: true)
    if whole.records != pieces.records { fatalError("the pieces gave other records than the whole file (\(whole.records.count) against \(pieces.records.count))") }
    if whole.issues != pieces.issues { fatalError("the pieces gave other file issues than the whole file") }
    if whole.error != pieces.error { fatalError("the pieces ended otherwise than the whole file: \(String(describing: pieces.error?.message)) against \(String(describing: whole.error?.message))") }
    return result
}

/// The records of a CSV file read row by row (`next()`) or in pieces numbered as the pipeline
/// numbers them, its file issues, and the error that ended the reading (the final check's too).
private func readCSV(_ path: String, inPieces: Bool) -> (records: [RawRecord], issues: [ValidationIssue], error: IngestError?) {
    var records: [RawRecord] = []
    guard var reader = try? CSVReader(path: path) else { return ([], [], nil) }
    do {
        if inPieces {
            while let piece = try reader.nextPiece() {
                let offset = piece.numberedLocally ? records.count : 0
                records += try piece.decode().map { $0.record().offsettingRecord(by: offset) }
            }
        } else {
            while let record = try reader.next() { records.append(record) }
        }
        try reader.finish()
    } catch {
        return (records, reader.fileIssues, error)
    }
    return (records, reader.fileIssues, nil)
}
