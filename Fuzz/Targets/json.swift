import MCIngest

/// libFuzzer entry: bytes as JSON of any shape mcstat reads (ELM v3 JSON-LD, Open Badges 3.0,
/// canonical arrays, JSON Lines): detection and factory first, then both JSON readers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let path = FuzzInput.write(data, size)
    switch FuzzInput.readDetected(path) {
    case .json?, .elmJSONLD?, .openBadges3?:
        FuzzInput.read(path) { path throws(IngestError) in try JSONLinesReader(path: path) }
    case .jsonLines?:
        FuzzInput.read(path) { path throws(IngestError) in try JSONDocumentReader(path: path) }
    default:
        FuzzInput.read(path) { path throws(IngestError) in try JSONDocumentReader(path: path) }
        FuzzInput.read(path) { path throws(IngestError) in try JSONLinesReader(path: path) }
    }
    return 0
}
