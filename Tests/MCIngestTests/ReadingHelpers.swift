import Foundation
import MCIngest
import MCModel
import MCNormalize
import MCTestSupport
import Testing

/// Reads every record of a file through the format detector and the matching reader.
func readRecords(_ path: String) throws -> (format: InputFormat, records: [RawRecord]) {
    var reader = try ReaderFactory.open(path: path)
    var records: [RawRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (reader.format, records)
}

/// The path of a committed reference sample.
func referenceSample(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/reference/" + name, withExtension: nil)!.path
}

let testNormalizer = Normalizer(pseudonymizer: Pseudonymizer(secret: Data(repeating: 9, count: 32)))

extension RawRecord {
    /// A value as text (lists joined by `|`).
    func text(_ field: Field) -> String? { self[field]?.joined }
    /// A value as a list.
    func list(_ field: Field) -> [String] { self[field]?.parts(splitting: false) ?? [] }
    /// The reject reason after normalization, nil when accepted.
    var rejectReason: ReasonCode? {
        if case .rejected(let rejection, _) = testNormalizer.normalize(self) { return rejection.issue.code }
        return nil
    }
}

extension TemporaryDirectory {
    /// The one record of `text`, written to `name` here and read as every command reads it.
    func onlyRecord(_ name: String, _ text: String) throws -> RawRecord {
        let (_, records) = try readRecords(try write(name, text))
        #expect(records.count == 1)
        return try #require(records.first)
    }
}
