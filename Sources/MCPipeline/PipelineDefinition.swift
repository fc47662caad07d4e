import Foundation
package import MCAggregate
package import MCIngest
package import MCModel
package import MCNormalize

/// A declarative pipeline file (`pipelines/nightly.yml`): the sources to ingest, the reports to
/// write and the rules that make a run fail.
///
/// ```yaml
/// name: nightly
/// sources:
///   - path: sample-data/de-tu-nordstadt/*
///     awarding_bodies: [DE-HRK-0815]
///   - path: sample-data/at-fh-donau/*
///     profile: at-fh-donau        # pipelines/profiles/at-fh-donau.yml
///     defaults: {issuer_country: AT}
/// report:
///   out: reports
///   min_cell: 5
///   formats: [csv]
///   only: [uptake]
/// fail:
///   max_rejected_share: 0.2
///   require_sources: true
/// ```
///
/// The file is checked whole before anything runs (``PipelineFile``): an unknown key, a wrong
/// type or a value out of range names its line and column and what is allowed.
package struct PipelineDefinition: Sendable, Equatable {
    /// One source: a path, folder or glob, and what its records may be.
    package struct Source: Sendable, Equatable {
        /// A file, a directory or a glob, relative to the working directory.
        package var path: String
        /// A CSV mapping profile (name or path).
        package var profile: String?
        /// The awarding bodies whose records this source may carry (nil: any).
        package var awardingBodies: [String]?
        /// Values for Annex I elements the source's files never carry.
        package var defaults: [Field: String]
        /// `inbox: DIR`: `path` is the inbox of `mcstat serve`; each awarding body's folder in it
        /// is imported with that body (alone) bound to it.
        package var inbox = false

        package init(path: String, profile: String? = nil, awardingBodies: [String]? = nil, defaults: [Field: String] = [:]) {
            self.path = path
            self.profile = profile
            self.awardingBodies = awardingBodies
            self.defaults = defaults
        }

        /// What the normalizer enforces for this source.
        package var policy: SourcePolicy { SourcePolicy(awardingBodies: awardingBodies, defaults: defaults) }

        /// The inputs of this source, each with the policy it is read under: for an inbox, every
        /// awarding body's folder bound to that body.
        package func inputs() -> [(input: Result<InputFile, IngestError>, policy: SourcePolicy)] {
            guard inbox else { return SourceGlob.files([path], globbing: true).map { ($0, policy) } }
            return InboxSource.folders(at: path).flatMap { folder in
                folder.files.map { ($0, SourcePolicy(awardingBodies: [folder.awardingBody], defaults: defaults)) }
            } + InboxSource.strays(at: path).map { (.success($0), policy) }
        }
    }

    /// The `report:` section; the command line's options win.
    package struct Report: Sendable, Equatable {
        package var out: String?
        package var minCell: Int?
        package var formats: [String]?
        package var only: [String]?
        package var method: DisclosureMethod.Name?
        /// The cell key method's perturbation table file, relative to the working directory.
        package var ptable: String?
        /// The release hold H (0: none).
        package var hold: Int?

        package init(out: String? = nil, minCell: Int? = nil, formats: [String]? = nil, only: [String]? = nil,
                    method: DisclosureMethod.Name? = nil, ptable: String? = nil, hold: Int? = nil) {
            self.out = out
            self.minCell = minCell
            self.formats = formats
            self.only = only
            self.method = method
            self.ptable = ptable
            self.hold = hold
        }
    }

    /// The `fail:` section: rules whose breach makes the run's outcome `failed` (exit 3).
    package struct FailRules: Sendable, Equatable {
        /// Fails the run when an awarding body's share of rejected records in this run is higher.
        package var maxRejectedShare: Double?
        /// Fails the run when a source matches no file.
        package var requireSources: Bool

        package init(maxRejectedShare: Double? = nil, requireSources: Bool = false) {
            self.maxRejectedShare = maxRejectedShare
            self.requireSources = requireSources
        }
    }

    package var name: String
    package var sources: [Source]
    package var report: Report?
    package var fail: FailRules

    package init(name: String, sources: [Source], report: Report? = nil, fail: FailRules = FailRules()) {
        self.name = name
        self.sources = sources
        self.report = report
        self.fail = fail
    }

    /// Reads and checks a pipeline file.
    package static func load(path: String) throws(PipelineError) -> PipelineDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .pipelineFile(path: path, reason: "cannot read it")
        }
        return try PipelineFile(path: path).parse(String(decoding: data, as: UTF8.self))
    }
}
