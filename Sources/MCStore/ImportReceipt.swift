import Foundation
internal import GRDB
internal import MCModel

/// One row of the imports ledger: a file read in full, with its counts.
package struct ImportReceipt: Sendable, Codable, Equatable, FetchableRecord {
    package var id: Int64
    package var path: String
    package var sha256: String
    package var format: String
    package var read: Int
    package var accepted: Int
    package var rejected: Int
    package var warnings: Int
    /// Records identical to a version already replaced by a newer one (not brought back).
    package var stale: Int
    package var importedAt: String
    package var runId: Int64?

    package init(id: Int64, path: String, sha256: String, format: String, read: Int, accepted: Int, rejected: Int,
                 warnings: Int, stale: Int, importedAt: String, runId: Int64?) {
        self.id = id
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.read = read
        self.accepted = accepted
        self.rejected = rejected
        self.warnings = warnings
        self.stale = stale
        self.importedAt = importedAt
        self.runId = runId
    }

    enum CodingKeys: String, CodingKey {
        case id, path, sha256, format, read, accepted, rejected, warnings, stale
        case importedAt = "imported_at", runId = "run_id"
    }
}
