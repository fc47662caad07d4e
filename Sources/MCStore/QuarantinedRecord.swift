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
    /// For a record that could not be read apart (kept as `raw = {}`): where its bytes lie in
    /// the file (from `byteStart`, up to but not including `byteEnd`) and their SHA-256.
    public var byteStart: Int?
    public var byteEnd: Int?
    public var bytesSHA256: String?

    enum CodingKeys: String, CodingKey {
        case id, file, record, line, pointer, field, element, message, raw
        case importId = "import_id", awardingBodyId = "awarding_body_id", reasonCode = "reason_code"
        case byteStart = "byte_start", byteEnd = "byte_end", bytesSHA256 = "bytes_sha256"
    }
}

extension QuarantinedRecord {
    /// The record's values as they may go back to an institution: the learner id (stored as its
    /// key) left out, since a key would let anyone holding lists link a learner's records.
    public var publicValues: [String: RawValue] {
        var values = (try? JSONDecoder().decode([String: RawValue].self, from: Data(raw.utf8))) ?? [:]
        values[Field.learnerId.rawValue] = nil
        return values
    }

    /// The record's credential id, when it has one: with the file and line, how an institution
    /// finds the record.
    public var credentialId: String? {
        credentialId(in: publicValues)
    }

    /// The credential id among `values` (``publicValues``, already decoded).
    public func credentialId(in values: [String: RawValue]) -> String? {
        guard let id = values[Field.credentialId.rawValue]?.joined.trimmingASCIIWhitespace(), !id.isEmpty else { return nil }
        return id
    }
}
