extension Sequence where Element == UInt8 {
    /// The bytes as lower-case hexadecimal digits (digests, keys).
    @inlinable
    package var hexString: String {
        var out: [UInt8] = []
        out.reserveCapacity(Swift.max(underestimatedCount, 32) * 2)
        for byte in self {
            out.append(Hex.digit(byte >> 4))
            out.append(Hex.digit(byte & 0x0F))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Lower-case hexadecimal digits.
@usableFromInline
package enum Hex {
    /// The ASCII digit of a nibble (0–15).
    @inlinable @inline(__always)
    package static func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 48 + nibble : 87 + nibble }

    /// `bytes` as lower-case hex, written straight into the string's storage.
    @inlinable
    package static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = digit(byte >> 4)
                out[2 * index + 1] = digit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }
}
