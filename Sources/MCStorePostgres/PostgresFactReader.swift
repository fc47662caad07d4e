#if PostgreSQL
import Foundation
package import MCModel

/// Reads the fact stream's rows as ``CredentialFact``s, as the SQLite store's `FactRowReader`
/// does: the same columns, values that repeat (ECTS, dates, country sets) parsed once each.
///
/// The three identifiers come as columns of their own; every other column holds a code, a date, a
/// number or a flag, never a separator, and the server joins them into one text (0x1F between
/// values, 0x1E alone for NULL), which is read here byte by byte: one value to decode per row
/// instead of twenty-two (decoding each column was most of a report's time on PostgreSQL).
struct PostgresFactReader {
    /// Every credential, in learner-key order (byte order, as SQLite sorts; ties by key so that
    /// the order is the same on every run).
    static let query = """
        SELECT awarding_body_id, credential_id, learner_key, concat_ws(E'\\x1f',
               issuer_country, issue_date, coalesce(ects, E'\\x1e'), coalesce(eqf_level::text, E'\\x1e'),
               assessment_kind, participation_form, quality_assurance, coalesce(supervision, E'\\x1e'),
               coalesce(stackability, E'\\x1e'), coalesce(isced_f, E'\\x1e'), coalesce(learner_birth_year::text, E'\\x1e'),
               coalesce(learner_gender, E'\\x1e'), coalesce(learner_citizenship, E'\\x1e'), status,
               (prerequisites IS NOT NULL)::int, (grade IS NOT NULL)::int, (further_info IS NOT NULL)::int,
               coalesce(record_key::text, E'\\x1e'), coalesce(learner_record_key::text, E'\\x1e'))
        FROM credentials ORDER BY learner_key COLLATE "C", awarding_body_id COLLATE "C", credential_id COLLATE "C"
        """
    /// Values in the joined column.
    static let joinedCount = 19
    /// Rows a `FETCH` of the query reads (about 200 bytes each).
    static let fetchRows = 8192

    let store: String
    private var ects: [String: Decimal] = [:]
    private var dates: [String: CalendarDate] = [:]
    private var countrySets: [String: [String]] = [:]
    private static let posix = Locale(identifier: "en_US_POSIX")

    init(store: String) {
        self.store = store
    }

    mutating func fact(_ row: PostgresSessionRow) throws -> CredentialFact {
        let credentialId = try row.string(1) ?? ""
        var values: [String?] = []
        values.reserveCapacity(Self.joinedCount)
        var joined = try row.string(3) ?? ""
        joined.withUTF8 { bytes in
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x1F {
                let field = UnsafeBufferPointer(rebasing: bytes[start..<index])
                values.append(field.count == 1 && field[0] == 0x1E ? nil : String(decoding: field, as: UTF8.self))
                start = index + 1
            }
        }
        guard values.count == Self.joinedCount else {
            throw PostgresStoreError.database(store: store, operation: "read a snapshot",
                                              reason: "credential \(credentialId) holds a separator in a coded value")
        }
        let countryText = values[0] ?? ""
        let countries: [String]
        if let known = countrySets[countryText] { countries = known } else {
            countries = countryText.split(separator: "|").map(String.init)
            countrySets[countryText] = countries
        }
        let dateText = values[1] ?? ""
        var issueDate = dates[dateText]
        if issueDate == nil, let parsed = CalendarDate(iso: dateText) {
            issueDate = parsed
            dates[dateText] = parsed
        }
        var ectsValue: Decimal?
        if let ectsText = values[2] {
            if let known = ects[ectsText] { ectsValue = known } else if let parsed = Decimal(string: ectsText, locale: Self.posix) {
                ects[ectsText] = parsed
                ectsValue = parsed
            }
        }
        guard let issueDate, let kind = values[4].flatMap(AssessmentKind.init(rawValue:)),
              let form = values[5].flatMap(ParticipationForm.init(rawValue:)),
              let qa = values[6].flatMap(QualityAssurance.init(rawValue:)) else {
            throw PostgresStoreError.database(store: store, operation: "read a snapshot",
                                              reason: "credential \(credentialId) holds values outside the schema")
        }
        var recordKeys: RecordKeys?
        if let credential = values[17].flatMap({ Int64($0) }), let learner = values[18].flatMap({ Int64($0) }) {
            recordKeys = RecordKeys(credential: UInt64(bitPattern: credential), learner: UInt64(bitPattern: learner))
        }
        return CredentialFact(
            awardingBodyId: try row.string(0) ?? "", credentialId: credentialId, learnerKey: try row.string(2) ?? "", countries: countries,
            issueDate: issueDate, ects: ectsValue, eqfLevel: values[3].flatMap { Int($0) }, assessmentKind: kind, participationForm: form,
            qualityAssurance: qa, supervision: values[7].flatMap(Supervision.init(rawValue:)),
            stackability: values[8].flatMap(Stackability.init(rawValue:)), iscedF: values[9], birthYear: values[10].flatMap { Int($0) },
            gender: values[11].flatMap(Gender.init(rawValue:)), citizenship: values[12],
            status: values[13].flatMap(CredentialStatus.init(rawValue:)) ?? .issued,
            hasPrerequisites: values[14] == "1", hasGrade: values[15] == "1", hasFurtherInfo: values[16] == "1",
            recordKeys: recordKeys)
    }
}
#endif
