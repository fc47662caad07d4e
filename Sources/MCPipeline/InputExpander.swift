import Foundation

/// Turns the inputs given on the command line or in a pipeline (files, directories, globs) into
/// the list of files to read, in a fixed order.
public enum InputExpander {
    /// Files under `path`: the path itself for a file, every regular non-hidden file below a
    /// directory (sorted by path). A path that does not exist is returned as is, so that reading
    /// it reports the error.
    public static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        let base = URL(fileURLWithPath: path)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        var found: [String] = []
        for case let url as URL in enumerator {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                found.append(path.hasSuffix("/") ? path + url.path.dropFirst(base.path.count + 1)
                                                 : path + "/" + url.path.dropFirst(base.path.count + 1))
            }
        }
        return found.sorted()
    }

    /// Files matching a glob pattern (sorted), each expanded as by ``files(at:)``; a pattern that
    /// matches nothing is returned as is, so that reading it reports it missing.
    public static func files(matching pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [pattern] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let cString = result.gl_pathv[index] { paths.append(String(cString: cString)) }
        }
        return paths.sorted().flatMap { files(at: $0) }
    }
}
