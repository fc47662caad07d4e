import Foundation
internal import GRDB
package import MCModel

/// One quarantined record: where it was read, why it was refused, and the record itself (as JSON,
/// the learner id replaced by its key).
package struct QuarantinedRecord: Sendable, Codable, Equatable, FetchableRecord {
    package var id: Int64
    package var importId: Int64
    package var file: String
    package var record: Int
    package var line: Int?
    package var pointer: String?
    package var awardingBodyId: String?
    package var reasonCode: String
    package var field: String?
    package var element: String?
    package var message: String
    package var raw: String
    /// For a record that could not be read apart (kept as `raw = {}`): where its bytes lie in
    /// the file (from `byteStart`, up to but not including `byteEnd`) and their SHA-256.
    package var byteStart: Int?
    package var byteEnd: Int?
    package var bytesSHA256: String?

    package init(id: Int64, importId: Int64, file: String, record: Int, line: Int?, pointer: String?, awardingBodyId: String?,
                 reasonCode: String, field: String?, element: String?, message: String, raw: String,
                 byteStart: Int?, byteEnd: Int?, bytesSHA256: String?) {
        self.id = id
        self.importId = importId
        self.file = file
        self.record = record
        self.line = line
        self.pointer = pointer
        self.awardingBodyId = awardingBodyId
        self.reasonCode = reasonCode
        self.field = field
        self.element = element
        self.message = message
        self.raw = raw
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.bytesSHA256 = bytesSHA256
    }

    enum CodingKeys: String, CodingKey {
        case id, file, record, line, pointer, field, element, message, raw
        case importId = "import_id", awardingBodyId = "awarding_body_id", reasonCode = "reason_code"
        case byteStart = "byte_start", byteEnd = "byte_end", bytesSHA256 = "bytes_sha256"
    }
}

extension QuarantinedRecord {
    /// The record's values as they may go back to an institution: the learner id (stored as its
    /// key) left out, since a key would let anyone holding lists link a learner's records.
    package var publicValues: [String: RawValue] {
        var values = (try? JSONDecoder().decode([String: RawValue].self, from: Data(raw.utf8))) ?? [:]
        values[Field.learnerId.rawValue] = nil
        return values
    }

    /// The record's credential id, when it has one: with the file and line, how an institution
    /// finds the record.
    package var credentialId: String? {
        credentialId(in: publicValues)
    }

    /// The credential id among `values` (``publicValues``, already decoded).
    package func credentialId(in values: [String: RawValue]) -> String? {
        guard let id = values[Field.credentialId.rawValue]?.joined.trimmingASCIIWhitespace(), !id.isEmpty else { return nil }
        return id
    }
}
