import MCIngest

/// libFuzzer entry: bytes as a `.zip` input: expanded as a command-line input is (member names,
/// links, limits), then every member read through detection and the factory.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArchive(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let path = FuzzInput.write(data, size)
    for item in InputExpander.files(at: path) {
        switch item {
        case .success(let file) where file.skipReason == nil: FuzzInput.readDetected(file.path)
        case .success: break
        case .failure(let error): _ = error.message
        }
    }
    return 0
}
