import MCIngest

/// libFuzzer entry: bytes as ELM v2 XML (detection and factory first, then the ELM XML reader).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELMXML(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    FuzzInput.fuzz(data, size, as: .elmXML) { path throws(IngestError) in try ELMXMLReader(path: path) }
}
