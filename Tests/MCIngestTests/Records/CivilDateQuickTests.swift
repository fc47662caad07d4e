import Foundation
@testable import MCIngest
import MCTestSupport
import Testing

/// CivilDate reads the usual shapes of dates, date-times and workloads on their bytes; any text
/// it reads so gives what the general reading gives, and it leaves every other text to it.
@Suite struct CivilDateQuickTests {
    /// Texts near the usual shapes: digits at the edges of every part, separators swapped,
    /// offsets, `Z`, lower case, white space, a character too many or too few.
    static func dates(_ count: Int) -> [String] {
        var generator = SplitMix(seed: 28)
        func pick<T>(_ items: [T]) -> T { items[Int(generator.next() % UInt64(items.count))] }
        return (0..<count).map { _ in
            let date = pick(["2022", "1599", "1600", "0001", "0000", "9999", "20x2"]) + pick(["-", "/"]) + pick(["01", "02", "12", "13", "00"])
                + "-" + pick(["01", "28", "29", "30", "31", "32", "00"])
            let time = pick(["T", " ", "t"]) + pick(["00", "23", "24", "25"]) + pick([":", "."]) + pick(["00", "59", "60"]) + ":" + pick(["00", "59", "60", "61"])
            let zone = pick(["Z", "z", "+01:00", "-05:30", "+14:00", "+0100", "+01", "-99:99", "+1:00", ""])
            return pick([date, date + time + zone, date + time + zone, " " + date + time + zone, date + time + zone + " ", date + time + ".5" + zone])
        }
    }

    @Test func theQuickReadingOfADateIsTheGeneralOne() {
        var quick = 0
        for text in Self.dates(4000) {
            for country in ["BE", "IE", "NZ", "EL", nil] as [String?] {
                let general = CivilDate.readDate(text, country: country)
                if let read = CivilDate.quickDate(text, country: country) {
                    quick += 1
                    #expect(read == general, "\(text) in \(country ?? "-")")
                }
                #expect(CivilDate.date(text, country: country) == general, "\(text) in \(country ?? "-")")
            }
        }
        #expect(quick > 200)
    }

    @Test func theQuickReadingOfAWorkloadIsTheGeneralOne() {
        var generator = SplitMix(seed: 16)
        let pieces = ["P", "p", "T", "t", "H", "h", "M", "D", "0", "1", "9", "81", "999999999", "1000000000", ".", ",", " "]
        var quick = 0
        for _ in 0..<6000 {
            let text = (0..<(1 + Int(generator.next() % 6))).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            for candidate in [text, "PT" + text + "H", "pt" + text + "h"] {
                if let read = CivilDate.quickHours(candidate) {
                    quick += 1
                    #expect(read == CivilDate.readHours(candidate), "\(candidate)")
                }
                #expect(CivilDate.hours(candidate) == CivilDate.readHours(candidate), "\(candidate)")
            }
        }
        #expect(quick > 300)
    }
}
