import Foundation

/// Fixed, locale-independent number formatting for report files.
package enum DecimalFormat {
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// `value` rounded half away from zero to `places` decimals, e.g. `12.50`.
    package static func fixed(_ value: Decimal, places: Int) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, places, .plain)
        var text = NSDecimalNumber(decimal: rounded).description(withLocale: posix)
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { parts.append("") }
        let fraction = String(parts[1].prefix(places))
        let padded = fraction + String(repeating: "0", count: places - fraction.count)
        let body = places > 0 ? "\(parts[0]).\(padded)" : parts[0]
        return negative && body.contains(where: { $0 != "0" && $0 != "." }) ? "-" + body : body
    }

    /// `value` with `places` decimals (shares, which are never negative).
    package static func fixed(_ value: Double, places: Int) -> String {
        String(format: "%.\(places)f", value)
    }
}
