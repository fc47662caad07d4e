import Foundation

/// A value bound to a statement's `$n` parameter.
package enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case bytes([UInt8])
    case timestamp(Date)
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    package init(stringLiteral value: String) { self = .text(value) }
    package init(integerLiteral value: Int64) { self = .int(value) }
    package init(nilLiteral: ()) { self = .null }

    /// Text, or NULL for nil.
    package static func text(_ value: String?) -> PostgresValue { value.map(PostgresValue.text) ?? .null }
    /// An integer, or NULL for nil.
    package static func int(_ value: Int?) -> PostgresValue { value.map { .int(Int64($0)) } ?? .null }
}
