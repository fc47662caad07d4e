import Foundation
import GRDB
import MCModel

/// One row of the imports ledger: a file read in full, with its counts.
public struct ImportReceipt: Sendable, Codable, Equatable, FetchableRecord {
    public var id: Int64
    public var path: String
    public var sha256: String
    public var format: String
    public var read: Int
    public var accepted: Int
    public var rejected: Int
    public var warnings: Int
    /// Records identical to a version already replaced by a newer one (not brought back).
    public var stale: Int
    public var importedAt: String
    public var runId: Int64?

    enum CodingKeys: String, CodingKey {
        case id, path, sha256, format, read, accepted, rejected, warnings, stale
        case importedAt = "imported_at", runId = "run_id"
    }
}
