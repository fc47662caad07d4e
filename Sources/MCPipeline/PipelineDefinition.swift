import Foundation
import Yams

/// A declarative pipeline file (`pipelines/nightly.yml`): the sources to ingest and the reports
/// to write.
///
/// ```yaml
/// name: nightly
/// sources:
///   - path: sample-data/de-tu-nordstadt/*
///   - path: sample-data/at-fh-donau/*
///     profile: at-fh-donau        # pipelines/profiles/at-fh-donau.yml
/// report:
///   out: reports
///   min_cell: 5
///   formats: [csv]
///   only: [uptake]
/// ```
public struct PipelineDefinition: Sendable, Equatable, Decodable {
    public struct Source: Sendable, Equatable, Decodable {
        /// A file, a directory or a glob, relative to the pipeline file's working directory.
        public var path: String
        /// A CSV mapping profile (name or path).
        public var profile: String?
    }

    public struct Report: Sendable, Equatable, Decodable {
        public var out: String?
        public var minCell: Int?
        public var formats: [String]?
        public var only: [String]?

        enum CodingKeys: String, CodingKey {
            case out, formats, only
            case minCell = "min_cell"
        }
    }

    public var name: String
    public var sources: [Source]
    public var report: Report?

    /// Reads and checks a pipeline file.
    public static func load(path: String) throws(PipelineError) -> PipelineDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .pipelineFile(path: path, reason: "cannot read it")
        }
        let definition: PipelineDefinition
        do {
            definition = try YAMLDecoder().decode(PipelineDefinition.self, from: data)
        } catch {
            throw .pipelineFile(path: path, reason: "not a valid pipeline definition: \(error)")
        }
        guard !definition.sources.isEmpty else {
            throw .pipelineFile(path: path, reason: "lists no sources")
        }
        return definition
    }
}
