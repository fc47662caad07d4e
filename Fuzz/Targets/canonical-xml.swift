import MCIngest

/// libFuzzer entry: bytes as canonical XML (detection and factory first, then its reader).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCanonicalXML(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    FuzzInput.fuzz(data, size, as: .xml) { path throws(IngestError) in try CanonicalXMLReader(path: path) }
}
