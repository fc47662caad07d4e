import Foundation
import MCPipeline

/// libFuzzer entry: bytes as a pipeline file and as a CSV profile (YAML), read as `run` and
/// `--profile` read them. A thrown ``PipelineError`` is the expected answer to bad bytes; a
/// trap or a stack overflow (a file nested thousands of levels deep) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let path = FuzzInput.write(data, size)
    do {
        let definition = try PipelineDefinition.load(path: path)
        _ = definition.sources.count
    } catch {
        _ = error.description
    }
    do {
        let profile = try ProfileLoader.load(path, directories: [])
        _ = profile.columns.count
    } catch {
        _ = error.description
    }
    return 0
}
