import Foundation
internal import MCIngest
package import MCStore

/// What `mcstat run` would do with a pipeline, for `run --dry-run`: per source its files, each
/// to be imported or skipped as the run itself decides (``IngestService/earlierImport(of:policy:in:)``),
/// and the report options in effect. Making it writes nothing: no store, no run, no report.
package struct RunPlan: Sendable, Equatable {
    /// What the run would do with one file.
    package enum Action: Sendable, Equatable, CustomStringConvertible {
        case importFile
        /// The same bytes were imported before under the same binding.
        case skipUnchanged
        /// A member of a folder or archive that is named but not read, and why.
        case notRead(String)
        /// The input cannot be read at all (the run reports it, exit 3), and why.
        case unreadable(String)

        package var description: String {
            switch self {
            case .importFile: "import"
            case .skipUnchanged: "skip (unchanged)"
            case .notRead(let reason): "skip (not read: \(reason))"
            case .unreadable(let reason): "cannot be read: \(reason)"
            }
        }
    }

    package struct File: Sendable, Equatable {
        package var path: String
        package var action: Action
    }

    package struct Source: Sendable, Equatable {
        package var path: String
        package var awardingBodies: [String]?
        package var files: [File]
    }

    package var sources: [Source]
    package var report: ReportOptions

    /// The plan of `definition` against `store` (nil: no store yet, so every file is imported).
    package init(_ definition: PipelineDefinition, store: (any PipelineStore)?, report: ReportOptions) throws {
        self.report = report
        sources = try definition.sources.map { source in
            let files = try source.inputs().map { input, policy -> File in
                switch input {
                case .failure(let error): return File(path: error.path, action: .unreadable(error.message))
                case .success(let file):
                    if let reason = file.skipReason { return File(path: file.displayPath, action: .notRead(reason)) }
                    guard let store else { return File(path: file.displayPath, action: .importFile) }
                    do {
                        let earlier = try IngestService.earlierImport(of: file, policy: policy, in: store).earlier
                        return File(path: file.displayPath, action: earlier == nil ? .importFile : .skipUnchanged)
                    } catch let error as IngestError {
                        return File(path: file.displayPath, action: .unreadable(error.message))
                    }
                }
            }
            return Source(path: source.path, awardingBodies: source.awardingBodies, files: files)
        }
    }

    /// The plan for people: one line per source and per file, then the report options.
    package func lines() -> [String] {
        var lines: [String] = []
        for source in sources {
            lines.append("source \(source.path)" + (source.awardingBodies.map { " (awarding bodies: \($0.joined(separator: ", ")))" } ?? ""))
            if source.files.isEmpty { lines.append("  (no files)") }
            for file in source.files { lines.append("  \(file.path): \(file.action)") }
        }
        let hold = report.effectiveHold
        lines.append("report: method \(report.method.rawValue), min_cell \(report.minCell), hold \(hold)\(hold == 0 ? " (none: for internal use)" : ""), "
            + "formats \(report.formats.joined(separator: ",")), only \(report.only.joined(separator: ",")), out \(report.outputDirectory)"
            + (report.ptable.map { ", ptable \($0)" } ?? ""))
        return lines
    }
}
