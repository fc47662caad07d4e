import Foundation
package import MCModel
internal import Yams

/// Finds and reads CSV mapping profiles (YAML).
package enum ProfileLoader {
    /// Where a pipeline file's profiles are looked up by name: `profiles/` beside the file, then
    /// `pipelines/profiles`.
    package static func directories(forPipeline path: String) -> [String] {
        [((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("profiles"), "pipelines/profiles"]
    }

    /// Reads the profile `nameOrPath`: a file path as given, else `<name>.yml` in each of
    /// `directories` (by default `pipelines/profiles`).
    package static func load(_ nameOrPath: String, directories: [String] = ["pipelines/profiles"]) throws(PipelineError) -> CSVProfile {
        let candidates = [nameOrPath] + directories.flatMap { ["\($0)/\(nameOrPath).yml", "\($0)/\(nameOrPath).yaml"] }
        guard let path = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) && !$0.hasSuffix("/") }),
              let data = FileManager.default.contents(atPath: path) else {
            throw .profile(name: nameOrPath, reason: "not found (looked for \(candidates.joined(separator: ", ")))")
        }
        if let (line, reason) = YAMLShape.problem(in: String(decoding: data, as: UTF8.self)) {
            throw .profile(name: path, reason: "line \(line): \(reason)")
        }
        let profile: CSVProfile
        do {
            profile = try YAMLDecoder().decode(CSVProfile.self, from: data)
        } catch {
            throw .profile(name: path, reason: "not a valid profile: \(error)")
        }
        if let problem = profile.problem { throw .profile(name: path, reason: problem) }
        return profile
    }
}
