import Foundation
import MCModel
import MCServe
import MCTestSupport
import Testing

/// An upload is validated on the day of the run as `validate` is (annex-i.md rule 27): the
/// clock's day in UTC, or the day `--today` / `MCSTAT_TODAY` fixes.
@Suite(.serialized) struct SubmissionDayTests {
    func issueCounts(today: CalendarDate?) async throws -> [String: Int] {
        let service = try await RunningService.start { $0.today = today }
        let token = try service.token(.submitter, "DE-HRK-0815")
        let answer = try await service.probe.send("POST", "/api/v1/submissions", token: token,
                                                  body: try Data(contentsOf: SubmissionTests.sampleURL))
        #expect(answer.status == 201, "\(answer.text)")
        let receipt = try JSONDecoder().decode(Receipt.self, from: answer.body)
        try await service.stop()
        return receipt.issueCounts ?? [:]
    }

    /// On a fixed day of 2025-01-01, the sample's 8 awards dated after 2025-01-02 are in the
    /// future (7 rejected for it: the eighth fails an earlier rule first); on the clock's day
    /// (2026 or later) none is.
    @Test func aFixedDayRejectsLaterIssueDates() async throws {
        let fixed = try await issueCounts(today: CalendarDate(year: 2025, month: 1, day: 1))
        #expect(fixed["bad_issue_date"] == 7)
        let clock = try await issueCounts(today: nil)
        #expect(clock["bad_issue_date"] == nil)
    }
}
