#if PostgreSQL
import Foundation
package import MCModel

/// Reads the fact stream's rows as ``CredentialFact``s, as the SQLite store's `FactRowReader`
/// does: the same columns, values that repeat (ECTS, dates, country sets) parsed once each.
struct PostgresFactReader {
    /// Every credential, in learner-key order (byte order, as SQLite sorts; ties by key so that
    /// the order is the same on every run).
    static let query = """
        SELECT awarding_body_id, credential_id, learner_key, issuer_country, issue_date, ects,
               eqf_level, assessment_kind, participation_form, quality_assurance, supervision, stackability,
               isced_f, learner_birth_year, learner_gender, learner_citizenship, status,
               prerequisites IS NOT NULL, grade IS NOT NULL, further_info IS NOT NULL, record_key, learner_record_key
        FROM credentials ORDER BY learner_key COLLATE "C", awarding_body_id COLLATE "C", credential_id COLLATE "C"
        """

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
        let countryText = try row.string(3) ?? ""
        let countries: [String]
        if let known = countrySets[countryText] { countries = known } else {
            countries = countryText.split(separator: "|").map(String.init)
            countrySets[countryText] = countries
        }
        let dateText = try row.string(4) ?? ""
        var issueDate = dates[dateText]
        if issueDate == nil, let parsed = CalendarDate(iso: dateText) {
            issueDate = parsed
            dates[dateText] = parsed
        }
        var ectsValue: Decimal?
        if let ectsText = try row.string(5) {
            if let known = ects[ectsText] { ectsValue = known } else if let parsed = Decimal(string: ectsText, locale: Self.posix) {
                ects[ectsText] = parsed
                ectsValue = parsed
            }
        }
        guard let issueDate, let kind = try row.string(7).flatMap(AssessmentKind.init(rawValue:)),
              let form = try row.string(8).flatMap(ParticipationForm.init(rawValue:)),
              let qa = try row.string(9).flatMap(QualityAssurance.init(rawValue:)) else {
            throw PostgresStoreError.database(store: store, operation: "read a snapshot",
                                              reason: "credential \(credentialId) holds values outside the schema")
        }
        var recordKeys: RecordKeys?
        if let credential = try row.int(20), let learner = try row.int(21) {
            recordKeys = RecordKeys(credential: UInt64(bitPattern: Int64(credential)), learner: UInt64(bitPattern: Int64(learner)))
        }
        return CredentialFact(
            awardingBodyId: try row.string(0) ?? "", credentialId: credentialId, learnerKey: try row.string(2) ?? "", countries: countries,
            issueDate: issueDate, ects: ectsValue, eqfLevel: try row.int(6), assessmentKind: kind, participationForm: form,
            qualityAssurance: qa, supervision: try row.string(10).flatMap(Supervision.init(rawValue:)),
            stackability: try row.string(11).flatMap(Stackability.init(rawValue:)), iscedF: try row.string(12), birthYear: try row.int(13),
            gender: try row.string(14).flatMap(Gender.init(rawValue:)), citizenship: try row.string(15),
            status: try row.string(16).flatMap(CredentialStatus.init(rawValue:)) ?? .issued,
            hasPrerequisites: try row.bool(17) == true, hasGrade: try row.bool(18) == true, hasFurtherInfo: try row.bool(19) == true,
            recordKeys: recordKeys)
    }
}
#endif
