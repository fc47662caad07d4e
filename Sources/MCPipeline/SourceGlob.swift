import Foundation
package import MCIngest

/// Expands the sources of a pipeline file (paths, directories or glob patterns) into files.
package enum SourceGlob {
    /// Paths matching a glob pattern, sorted; a pattern that matches nothing is returned as is, so
    /// that reading it reports it missing.
    package static func paths(matching pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [pattern] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let cString = result.gl_pathv[index] { paths.append(String(cString: cString)) }
        }
        return paths.sorted()
    }

    /// Every file a list of inputs names: globs expanded, directories walked, archives unpacked.
    package static func files(_ inputs: [String], globbing: Bool) -> [Result<InputFile, IngestError>] {
        inputs.flatMap { input in (globbing ? paths(matching: input) : [input]).flatMap(InputExpander.files(at:)) }
    }
}
