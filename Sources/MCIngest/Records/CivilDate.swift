import Foundation
internal import MCModel

/// Turns the dates and date-times of ELM and Open Badges files into civil dates.
package enum CivilDate {
    /// `YYYY-MM-DD` for `text`: a plain date as is; a date-time without offset by its date part;
    /// a date-time with `Z` or an offset converted to the civil date in the time zone of
    /// `country` (its capital's IANA zone, aliases such as `EL` resolved first, annex-i.md
    /// rule 28; UTC when unknown). Nil when `text` is not a date.
    ///
    /// `2022-12-31T23:00:00Z` is `2023-01-01` for BE and `2022-12-31` for IE.
    package static func date(_ text: String, country: String?) -> String? {
        quickDate(text, country: country) ?? readDate(text, country: country)
    }

    /// ``date(_:country:)`` of the shapes nearly every file writes (`YYYY-MM-DD`, and
    /// `YYYY-MM-DDTHH:MM:SS` with `Z` or `±HH:MM`), read on the bytes without an array or a
    /// String on the way; nil for any other text, which ``readDate(_:country:)`` then reads (a
    /// text it would refuse included).
    static func quickDate(_ text: String, country: String?) -> String? {
        var text = text
        return text.withUTF8 { quickDate(bytes: $0, country: country) }
    }

    /// ``quickDate(_:country:)`` of a text's UTF-8 bytes.
    static func quickDate(bytes: UnsafeBufferPointer<UInt8>, country: String?) -> String? {
        let count = bytes.count
        guard count == 10 || count == 20 || count == 25 else { return nil }
        func pair(_ at: Int) -> Int? {
            let tens = bytes[at] &- 48, ones = bytes[at + 1] &- 48
            return tens < 10 && ones < 10 ? Int(tens) * 10 + Int(ones) : nil
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), let century = pair(0), let year = pair(2),
              let month = pair(5), let day = pair(8), let date = CalendarDate(year: century * 100 + year, month: month, day: day) else { return nil }
        if count == 10 { return String(decoding: bytes, as: UTF8.self) }
        guard bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hour = pair(11), let minute = pair(14), let second = pair(17), hour <= 24, minute < 60, second <= 60 else { return nil }
        let offsetSeconds: Int
        if count == 20 {
            guard bytes[19] == UInt8(ascii: "Z") || bytes[19] == UInt8(ascii: "z") else { return nil }
            offsetSeconds = 0
        } else {
            guard bytes[19] == UInt8(ascii: "+") || bytes[19] == UInt8(ascii: "-"), bytes[22] == UInt8(ascii: ":"),
                  let hours = pair(20), let minutes = pair(23) else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[19] == UInt8(ascii: "-") ? -1 : 1)
        }
        return date.year >= 1600
            ? self.day(of: date, hour: hour, minute: minute, second: second, offsetSeconds: offsetSeconds, country: country)?.description
            : calendarDay(of: date, hour: hour, minute: minute, second: second, offsetSeconds: offsetSeconds, country: country)?.description
    }

    /// ``date(_:country:)`` of any text.
    static func readDate(_ text: String, country: String?) -> String? {
        let value = text.trimmingASCIIWhitespace()
        let bytes = Array(value.utf8)
        guard bytes.count >= 10, CalendarDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)) != nil else { return nil }
        let datePart = String(decoding: bytes[0..<10], as: UTF8.self)
        if bytes.count == 10 { return datePart }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else { return nil }
        // Offset: trailing Z, or ±HH:MM / ±HHMM / ±HH after the time.
        var offsetSeconds: Int?
        var timeEnd = bytes.count
        if bytes.last == UInt8(ascii: "Z") || bytes.last == UInt8(ascii: "z") {
            offsetSeconds = 0
            timeEnd -= 1
        } else if let sign = bytes[11...].lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            let digits = bytes[(sign + 1)...].filter { $0 != UInt8(ascii: ":") }
            guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }), digits.count == 4 || digits.count == 2 else { return nil }
            let hours = Int(String(decoding: digits.prefix(2), as: UTF8.self))!
            let minutes = digits.count == 4 ? Int(String(decoding: digits.suffix(2), as: UTF8.self))! : 0
            offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[sign] == UInt8(ascii: "-") ? -1 : 1)
            timeEnd = sign
        }
        let time = bytes[11..<timeEnd].split(separator: UInt8(ascii: "."), maxSplits: 1).first ?? []
        // Each part one or two digits: a seconds field of 9223372036854775807 is not a time,
        // and must not reach the arithmetic below (annex-i.md rule 21).
        let parts = time.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).map { part -> Int? in
            guard (1...2).contains(part.count), part.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return part.reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }),
              let hour = parts[0], let minute = parts[1], hour <= 24, minute < 60 else { return nil }
        let second = parts.count == 3 ? parts[2]! : 0
        guard second <= 60 else { return nil }
        guard let offsetSeconds else { return datePart }
        let date = CalendarDate(iso: datePart)!
        // Gregorian arithmetic; the calendars switch to the Julian calendar before 1582.
        return date.year >= 1600
            ? day(of: date, hour: hour, minute: minute, second: second, offsetSeconds: offsetSeconds, country: country)?.description
            : calendarDay(of: date, hour: hour, minute: minute, second: second, offsetSeconds: offsetSeconds, country: country)?.description
    }

    /// The civil day in `country`'s zone (UTC when unknown) of a date and time at an offset from
    /// UTC: Gregorian arithmetic and the zone's offset at that instant.
    static func day(of date: CalendarDate, hour: Int, minute: Int, second: Int, offsetSeconds: Int, country: String?) -> CalendarDate? {
        let instant = (date.daysSince1970 * 86_400 + hour * 3600 + minute * 60 + second) - offsetSeconds
        let zone = country.flatMap(CountryCode.normalize).flatMap { zones[$0] } ?? utc
        let local = instant + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
        return CalendarDate(daysSince1970: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// ``day(of:hour:minute:second:offsetSeconds:country:)`` through Foundation's calendars.
    static func calendarDay(of date: CalendarDate, hour: Int, minute: Int, second: Int, offsetSeconds: Int, country: String?) -> CalendarDate? {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let instant = utc.date(from: DateComponents(year: date.year, month: date.month, day: date.day,
                                                         hour: hour, minute: minute, second: second))?
            .addingTimeInterval(TimeInterval(-offsetSeconds)) else { return nil }
        var local = Calendar(identifier: .gregorian)
        local.timeZone = country.flatMap(CountryCode.normalize).flatMap { CountryCode.timeZone[$0] }.flatMap(TimeZone.init(identifier:)) ?? TimeZone(secondsFromGMT: 0)!
        let civil = local.dateComponents([.year, .month, .day], from: instant)
        return CalendarDate(year: civil.year!, month: civil.month!, day: civil.day!)
    }

    /// The time zone of each country of ``CountryCode/timeZone``, made once.
    static let zones: [String: TimeZone] = CountryCode.timeZone.compactMapValues(TimeZone.init(identifier:))
    static let utc = TimeZone(secondsFromGMT: 0)!

    /// Most hours a duration may give (as many as a whole number of hours may have digits):
    /// anything larger is not a workload but a bad value (annex-i.md rule 21).
    package static let maxHours = 999_999_999

    /// Whole hours of an ISO 8601 duration (`PT60H` → 60, `PT90M` → 1, `P2D` → 48); months and
    /// years count as 730 and 8760 hours. Nil when `text` is not a duration, or one too large to
    /// hold (`PT99999999999999999999H`): the text is then kept and rejected as a bad value.
    package static func hours(_ text: String) -> Int? {
        quickHours(text) ?? readHours(text)
    }

    /// ``hours(_:)`` of `PT<n>H` (any case, one to nine digits), read on the bytes; nil for any
    /// other text, which ``readHours(_:)`` then reads.
    static func quickHours(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { quickHours(bytes: $0) }
    }

    /// ``quickHours(_:)`` of a text's UTF-8 bytes.
    static func quickHours(bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 4, bytes.count <= 12, bytes[0] | 0x20 == UInt8(ascii: "p"), bytes[1] | 0x20 == UInt8(ascii: "t"),
              bytes[bytes.count - 1] | 0x20 == UInt8(ascii: "h") else { return nil }
        var hours = 0
        for byte in bytes[2..<(bytes.count - 1)] {
            guard byte &- 48 < 10 else { return nil }
            hours = hours * 10 + Int(byte &- 48)
        }
        return hours
    }

    /// ``hours(_:)`` of any text.
    static func readHours(_ text: String) -> Int? {
        let value = text.trimmingASCIIWhitespace().uppercased()
        guard value.hasPrefix("P"), value.count > 1 else { return nil }
        var seconds = 0.0
        var number = ""
        var inTime = false
        var sawComponent = false
        for character in value.dropFirst() {
            switch character {
            case "T": inTime = true
            case "0"..."9", ".", ",": number.append(character == "," ? "." : character)
            case "Y", "M", "W", "D", "H", "S":
                guard let amount = Double(number) else { return nil }
                number = ""
                sawComponent = true
                switch (character, inTime) {
                case ("Y", false): seconds += amount * 8760 * 3600
                case ("M", false): seconds += amount * 730 * 3600
                case ("W", false): seconds += amount * 7 * 24 * 3600
                case ("D", false): seconds += amount * 24 * 3600
                case ("H", true): seconds += amount * 3600
                case ("M", true): seconds += amount * 60
                case ("S", true): seconds += amount
                default: return nil
                }
            default: return nil
            }
        }
        let hours = (seconds / 3600).rounded(.down)
        guard sawComponent, number.isEmpty, hours.isFinite, hours <= Double(maxHours) else { return nil }
        return Int(hours)
    }
}
