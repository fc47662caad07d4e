import Foundation
import GRDB
import MCModel

/// One quarantined record: where it was read, why it was refused, and the record itself (as JSON,
/// the learner id replaced by its key).
public struct QuarantinedRecord: Sendable, Codable, Equatable, FetchableRecord {
    public var id: Int64
    public var importId: Int64
    public var file: String
    public var record: Int
    public var line: Int?
    public var pointer: String?
    public var awardingBodyId: String?
    public var reasonCode: String
    public var field: String?
    public var element: String?
    public var message: String
    public var raw: String

    enum CodingKeys: String, CodingKey {
        case id, file, record, line, pointer, field, element, message, raw
        case importId = "import_id", awardingBodyId = "awarding_body_id", reasonCode = "reason_code"
    }
}
