import MCIngest

/// libFuzzer entry: bytes as a CSV export (detection and factory first, then the CSV reader).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    FuzzInput.fuzz(data, size, as: .csv) { path throws(IngestError) in try CSVReader(path: path) }
}
