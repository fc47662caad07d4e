import MCModel
import Testing

/// A record read within a piece of input is numbered within it; moved on by the records before
/// the piece, it and its damage get their number in the file, and nothing else changes.
@Suite struct RawRecordTests {
    @Test func offsettingMovesTheRecordAndItsDamage() {
        let damage = ValidationIssue(record: 3, line: 9, field: nil, code: .malformedRow, severity: .error,
                                     message: "the row has 4 values, the header 30")
        var record = RawRecord(provenance: Provenance(file: "a.csv", record: 3, line: 9), damage: damage)
        record[.title] = .text("Data literacy")
        let moved = record.offsettingRecord(by: 40)
        #expect(moved.provenance.record == 43 && moved.damage?.record == 43)
        #expect(moved.provenance.line == 9 && moved.damage?.line == 9)
        #expect(moved[.title] == .text("Data literacy"))
        #expect(record.offsettingRecord(by: 0) == record)
    }

    @Test func aRecordWithoutDamageStaysWithout() {
        let record = RawRecord(provenance: Provenance(file: "a.csv", record: 1, line: 2))
        let moved = record.offsettingRecord(by: 5)
        #expect(moved.provenance.record == 6 && moved.damage == nil)
    }
}
