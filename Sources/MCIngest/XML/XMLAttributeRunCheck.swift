#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cheaper look at an XML document's bytes than ``XMLAttributeGuard``'s, enough for nearly
/// every document: libxml2 stops reading a start tag's attributes at the first raw `<` (one in
/// a quoted value is an error that ends the tag's attribute list), and each attribute it reads
/// holds an `=`, so a tag of more than ``XMLAttributeGuard/maxAttributes`` attributes needs more
/// than that many `=` bytes with no `<` between them. Where no run of bytes without a `<` holds
/// that many, no tag can: the document passes without the guard's count.
///
/// The bytes are looked at in blocks of ``block`` bytes: one `memchr` per block finds a `<`
/// near its start, and when every block holds one, no run is longer than two blocks (fewer
/// bytes than the limit). A block without a `<` lies in a longer run, whose `=` bytes are
/// counted. Runs go on from one call to the next.
struct XMLAttributeRunCheck {
    /// Bytes looked at for a `<` at a time; two blocks hold fewer bytes than the limit.
    static let block = 512
    static let limit = XMLAttributeGuard.maxAttributes
    /// The bytes and `=` bytes since the last `<` of the earlier calls.
    private var runBytes = 0
    private var runEquals = 0

    /// Whether no run of bytes without a `<`, these bytes included, holds more than ``limit``
    /// `=` bytes so far.
    mutating func admits(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        let end = bytes.count
        // The run from earlier calls ends at the first `<`.
        guard let first = XMLAttributeRunCheck.find(base, from: 0, to: end) else {
            runBytes += end
            runEquals += XMLAttributeRunCheck.equals(base, from: 0, to: end)
            return runEquals <= XMLAttributeRunCheck.limit
        }
        if runBytes + first > XMLAttributeRunCheck.limit,
           runEquals + XMLAttributeRunCheck.equals(base, from: 0, to: first) > XMLAttributeRunCheck.limit {
            return false
        }
        // A `<` at or after `last` and before `index`.
        var last = first
        var index = first + 1
        while index < end {
            let blockEnd = min(index + XMLAttributeRunCheck.block, end)
            if XMLAttributeRunCheck.find(base, from: index, to: blockEnd) != nil {
                last = index
                index = blockEnd
                continue
            }
            // A block without a `<`: count the `=` bytes of its run, from the last `<` before it
            // to the next one (or to the end of these bytes, the run going on).
            let start = XMLAttributeRunCheck.findLast(base, from: last, to: index) ?? last
            guard let next = XMLAttributeRunCheck.find(base, from: blockEnd, to: end) else {
                runBytes = end - start - 1
                runEquals = XMLAttributeRunCheck.equals(base, from: start + 1, to: end)
                return runEquals <= XMLAttributeRunCheck.limit
            }
            if XMLAttributeRunCheck.equals(base, from: start + 1, to: next) > XMLAttributeRunCheck.limit { return false }
            last = next
            index = next + 1
        }
        // The run that goes on into the next bytes: from the last `<`.
        let start = XMLAttributeRunCheck.findLast(base, from: last, to: end) ?? last
        runBytes = end - start - 1
        runEquals = XMLAttributeRunCheck.equals(base, from: start + 1, to: end)
        return true
    }

    /// The first `<` from `start` up to `end`.
    private static func find(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        return memchr(base + start, Int32(UInt8(ascii: "<")), end - start).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) }
    }

    /// The last `<` from `start` up to `end`.
    private static func findLast(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = end
        while index > start {
            index -= 1
            if base[index] == UInt8(ascii: "<") { return index }
        }
        return nil
    }

    /// The `=` bytes from `start` up to `end`.
    static func equals(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var count = 0
        var index = start
        while index < end, let found = memchr(base + index, Int32(UInt8(ascii: "=")), end - index) {
            count += 1
            index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
        }
        return count
    }
}
