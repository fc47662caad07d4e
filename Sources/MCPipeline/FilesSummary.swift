import Foundation
import MCIngest
import MCModel

/// The JSON document of `validate` and `ingest`, `{"files": […], "totals": {…}}`, as a value
/// (a submission's receipt); the commands stream theirs through a ``FilesReportWriter``.
public struct FilesSummary: Sendable, Codable, Equatable {
    public var files: [FileReport]
    public var totals: Totals

    public init(files: [FileReport]) {
        self.files = files
        totals = Totals(files)
    }
}

/// Sums over several files.
public struct Totals: Sendable, Codable, Equatable {
    public var read = 0
    public var accepted = 0
    public var rejected = 0
    public var warnings = 0
    /// For `ingest` and `run`: records counted stale (absent for `validate`).
    public var stale: Int?

    public init(_ files: [FileReport]) {
        for file in files { add(file) }
    }

    /// Adds one file's counts.
    public mutating func add(_ file: FileReport) {
        read += file.read
        accepted += file.accepted
        rejected += file.rejected
        warnings += file.warnings
        if let count = file.stale { stale = (stale ?? 0) + count }
    }
}
