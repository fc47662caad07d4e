import Foundation
internal import MCIngest
internal import MCModel

/// The JSON document of `validate` and `ingest`, `{"files": […], "totals": {…}}`, as a value
/// (a submission's receipt); the commands stream theirs through a ``FilesReportWriter``.
package struct FilesSummary: Sendable, Codable, Equatable {
    package var files: [FileReport]
    package var totals: Totals

    package init(files: [FileReport]) {
        self.files = files
        totals = Totals(files)
    }
}

/// Sums over several files.
package struct Totals: Sendable, Codable, Equatable {
    package var read = 0
    package var accepted = 0
    package var rejected = 0
    package var warnings = 0
    /// For `ingest` and `run`: records counted stale (absent for `validate`).
    package var stale: Int?

    package init(_ files: [FileReport]) {
        for file in files { add(file) }
    }

    /// Adds one file's counts.
    package mutating func add(_ file: FileReport) {
        read += file.read
        accepted += file.accepted
        rejected += file.rejected
        warnings += file.warnings
        if let count = file.stale { stale = (stale ?? 0) + count }
    }
}
