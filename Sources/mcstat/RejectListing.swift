import Foundation
internal import MCModel
internal import MCStore

/// One `rejects` listing, written record by record (text, CSV or a JSON array): what goes back
/// to an institution, so never a learner id or key; every entry carries the credential id when
/// the record has one.
struct RejectListing {
    let format: RejectsFormat

    /// The columns of earlier versions first, in their order, then the new ones.
    static let csvHeader = "file,record,line,pointer,awarding_body_id,reason_code,field,element,message,credential_id,byte_start,byte_end,sha256"

    /// What comes before the first entry.
    var opening: String {
        switch format {
        case .text: ""
        case .csv: RejectListing.csvHeader + "\n"
        case .json: "["
        }
    }

    /// What comes after the last entry.
    func closing(empty: Bool) -> String {
        switch format {
        case .text: empty ? "no quarantined records\n" : ""
        case .csv: ""
        case .json: empty ? "]\n" : "\n]\n"
        }
    }

    /// One record's entry.
    func entry(_ record: QuarantinedRecord, first: Bool) -> String {
        let values = record.publicValues
        let credentialId = record.credentialId(in: values)
        switch format {
        case .text:
            let place = [record.line.map { "line \($0)" }, record.pointer,
                         record.byteStart.map { "bytes \($0)-\(record.byteEnd ?? $0)" }].compactMap { $0 }.joined(separator: ", ")
            return "\(record.file): record \(record.record)\(place.isEmpty ? "" : ", " + place)"
                + (credentialId.map { ", credential \($0)" } ?? "") + ": \(record.reasonCode)"
                + (record.element.map { " — \($0)" } ?? "") + ": \(record.message)"
                + (record.bytesSHA256.map { " (SHA-256 of its bytes \($0))" } ?? "") + "\n"
        case .csv:
            return CSVText.line([record.file, String(record.record), record.line.map(String.init) ?? "", record.pointer ?? "",
                                 record.awardingBodyId ?? "", record.reasonCode, record.field ?? "",
                                 record.element ?? "", record.message, credentialId ?? "", record.byteStart.map(String.init) ?? "",
                                 record.byteEnd.map(String.init) ?? "", record.bytesSHA256 ?? ""]) + "\n"
        case .json:
            let entry = Entry(record: record, credentialId: credentialId, raw: values)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let text = String(decoding: (try? encoder.encode(entry)) ?? Data("{}".utf8), as: UTF8.self)
            return (first ? "\n" : ",\n") + text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        }
    }

    /// A JSON entry: the stored record's place and reason, its values without the learner key.
    struct Entry: Encodable {
        let record: QuarantinedRecord
        let credentialId: String?
        let raw: [String: RawValue]

        enum Keys: String, CodingKey {
            case id, importId = "import_id", file, record, line, pointer, awardingBodyId = "awarding_body_id"
            case credentialId = "credential_id", reasonCode = "reason_code", field, element, message, raw
            case byteStart = "byte_start", byteEnd = "byte_end", sha256
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(record.id, forKey: .id)
            try container.encode(record.importId, forKey: .importId)
            try container.encode(record.file, forKey: .file)
            try container.encode(record.record, forKey: .record)
            try container.encode(record.line, forKey: .line)
            try container.encode(record.pointer, forKey: .pointer)
            try container.encode(record.awardingBodyId, forKey: .awardingBodyId)
            try container.encode(credentialId, forKey: .credentialId)
            try container.encode(record.reasonCode, forKey: .reasonCode)
            try container.encode(record.field, forKey: .field)
            try container.encode(record.element, forKey: .element)
            try container.encode(record.message, forKey: .message)
            try container.encode(raw, forKey: .raw)
            try container.encode(record.byteStart, forKey: .byteStart)
            try container.encode(record.byteEnd, forKey: .byteEnd)
            try container.encode(record.bytesSHA256, forKey: .sha256)
        }
    }
}
