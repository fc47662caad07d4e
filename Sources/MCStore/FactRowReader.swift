import Foundation
internal import GRDB
internal import GRDBSQLite
internal import MCModel

/// Reads the rows of ``Store/factColumns`` straight off the SQLite statement, by position, as
/// ``CredentialFact``s: the hot loop of every report run. Values that repeat across credentials
/// (ECTS, dates, country sets) are parsed once each.
struct FactRowReader {
    private var ects: [String: Decimal] = [:]
    private var dates: [String: CalendarDate] = [:]
    private var countrySets: [String: [String]] = [:]
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// The record keys of the row `handle` stands on (columns 20 and 21), nil when not made yet.
    private func recordKeys(_ handle: OpaquePointer?) -> RecordKeys? {
        guard sqlite3_column_type(handle, 20) != SQLITE_NULL, sqlite3_column_type(handle, 21) != SQLITE_NULL else { return nil }
        return RecordKeys(credential: UInt64(bitPattern: sqlite3_column_int64(handle, 20)),
                          learner: UInt64(bitPattern: sqlite3_column_int64(handle, 21)))
    }

    /// The fact of the row `handle` stands on.
    mutating func fact(_ handle: OpaquePointer?) throws -> CredentialFact {
        func text(_ column: Int32) -> String? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column) else { return nil }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
        }
        func int(_ column: Int32) -> Int? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, column))
        }
        let credentialId = text(1) ?? ""
        let countryText = text(3) ?? ""
        let countries: [String]
        if let known = countrySets[countryText] { countries = known } else {
            countries = countryText.split(separator: "|").map(String.init)
            countrySets[countryText] = countries
        }
        let dateText = text(4) ?? ""
        var issueDate = dates[dateText]
        if issueDate == nil, let parsed = CalendarDate(iso: dateText) {
            issueDate = parsed
            dates[dateText] = parsed
        }
        var ectsValue: Decimal?
        if let ectsText = text(5) {
            if let known = ects[ectsText] { ectsValue = known } else if let parsed = Decimal(string: ectsText, locale: Self.posix) {
                ects[ectsText] = parsed
                ectsValue = parsed
            }
        }
        guard let issueDate, let kind = text(7).flatMap(AssessmentKind.init(rawValue:)),
              let form = text(8).flatMap(ParticipationForm.init(rawValue:)),
              let qa = text(9).flatMap(QualityAssurance.init(rawValue:)) else {
            throw DatabaseError(message: "credential \(credentialId) holds values outside the schema")
        }
        return CredentialFact(
            awardingBodyId: text(0) ?? "", credentialId: credentialId, learnerKey: text(2) ?? "", countries: countries,
            issueDate: issueDate, ects: ectsValue, eqfLevel: int(6), assessmentKind: kind, participationForm: form,
            qualityAssurance: qa, supervision: text(10).flatMap(Supervision.init(rawValue:)),
            stackability: text(11).flatMap(Stackability.init(rawValue:)), iscedF: text(12), birthYear: int(13),
            gender: text(14).flatMap(Gender.init(rawValue:)), citizenship: text(15),
            status: text(16).flatMap(CredentialStatus.init(rawValue:)) ?? .issued,
            hasPrerequisites: int(17) == 1, hasGrade: int(18) == 1, hasFurtherInfo: int(19) == 1,
            recordKeys: recordKeys(handle))
    }
}
