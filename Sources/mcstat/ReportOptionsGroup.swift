internal import ArgumentParser
internal import MCAggregate
internal import MCPipeline
internal import MCReport

/// The options of `report` (and the overrides `run` accepts).
struct ReportArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Directory for the report files (default: reports).", valueName: "dir"))
    var out: String?

    @Option(name: .customLong("min-cell"),
            help: ArgumentHelp("Disclosure threshold k: cells with fewer than k credentials or learners are suppressed (default: 5; 1 disables).",
                               valueName: "n"))
    var minCell: Int?

    @Option(help: ArgumentHelp("Output formats, comma-separated, from: \(ReportWriters.all.map(\.format).joined(separator: ", ")) (default: all).",
                               valueName: "list"))
    var formats: String?

    @Option(help: ArgumentHelp("Reports to write, comma-separated, from: \(ReportCatalog.all.map(\.name).joined(separator: ", ")) (default: all but completeness, which is written only when named).",
                               valueName: "list"))
    var only: String?

    @Option(help: ArgumentHelp("How figures are protected: suppression (small cells suppressed, the default) or cell-key (every count slightly perturbed).",
                               valueName: "method"))
    var method: String?

    @Option(help: ArgumentHelp("With --method cell-key: a perturbation table file in the Destatis ptable format (default: the one shipped with mcstat).",
                               valueName: "path"))
    var ptable: String?

    @Option(help: ArgumentHelp("Release hold H: a country and year is republished unchanged until at least H of its records changed (0: no hold, for internal use).",
                               discussion: "Default: the larger of 10 and --min-cell. A hold between 1 and --min-cell - 1 is refused. With a hold, report records its release in the store and takes the writer lock for it.",
                               valueName: "n"))
    var hold: Int?

    @OptionGroup var threads: JobsOption

    func validate() throws {
        if let minCell, minCell < 1 { throw ValidationError("--min-cell must be 1 or more") }
        if let hold, hold < 0 { throw ValidationError("--hold must be 0 (no hold) or a whole number of at least --min-cell") }
        let knownFormats = ReportWriters.all.map(\.format)
        let knownReports = ReportCatalog.all.map(\.name)
        if formats != nil, list(formats).isEmpty {
            throw ValidationError("--formats needs at least one format; available: \(knownFormats.joined(separator: ", "))")
        }
        if only != nil, list(only).isEmpty {
            throw ValidationError("--only needs at least one report; available: \(knownReports.joined(separator: ", "))")
        }
        for format in list(formats) where !knownFormats.contains(format) {
            throw ValidationError("unknown format '\(format)'; available: \(knownFormats.joined(separator: ", "))")
        }
        if let method, DisclosureMethod.Name(rawValue: method) == nil {
            throw ValidationError("unknown method '\(method)'; available: \(DisclosureMethod.Name.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for report in list(only) where !knownReports.contains(report) {
            throw ValidationError("unknown report '\(report)'; available: \(knownReports.joined(separator: ", "))")
        }
    }

    /// The options, with `defaults` (from a pipeline file) under the command line's. A hold
    /// between 1 and k-1, however the two were given, is a usage error.
    func options(defaults: PipelineDefinition.Report? = nil) throws -> ReportOptions {
        let options = ReportOptions(
            outputDirectory: out ?? defaults?.out ?? "reports",
            minCell: minCell ?? defaults?.minCell ?? 5,
            formats: formats.map { list($0) } ?? defaults?.formats ?? ReportWriters.all.map(\.format),
            only: only.map { list($0) } ?? defaults?.only ?? ReportCatalog.publicSet,
            jobs: threads.jobs,
            method: method.flatMap(DisclosureMethod.Name.init(rawValue:)) ?? defaults?.method ?? .suppression,
            ptable: ptable ?? defaults?.ptable,
            hold: hold ?? defaults?.hold)
        if let problem = ReportOptions.holdProblem(hold: options.effectiveHold, minCell: options.minCell) {
            throw CommandFailure.usage(problem.replacingOccurrences(of: "min_cell", with: "--min-cell"))
        }
        return options
    }

    private func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

import Foundation
