import MCModel
import Testing

@Suite struct CalendarDateTests {
    @Test(arguments: ["2025-01-31", "2024-02-29", "2000-02-29", "1999-12-31"])
    func acceptsRealDates(_ text: String) throws {
        let date = try #require(CalendarDate(iso: text))
        #expect(date.description == text)
    }

    @Test(arguments: ["2025-02-30", "2025-4-1", "01.04.2025", "2023-02-29", "1900-02-29", "2025-13-01",
                      "2025-00-10", "2025-01-00", "20250101", "2025-01-01T00:00", " 2025-01-01", "２０２５-01-01"])
    func rejectsOtherText(_ text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func ordersByDay() throws {
        let a = try #require(CalendarDate(iso: "2024-12-31"))
        let b = try #require(CalendarDate(iso: "2025-01-01"))
        #expect(a < b)
    }
}
