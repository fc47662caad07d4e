#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the attributes of each start tag in the bytes of an XML document before libxml2 sees
/// them. libxml2 (2.9) checks every attribute of a tag against every other one for duplicates,
/// so a tag of 60,000 attributes takes it seconds, 100,000 a minute: a tag with more than
/// ``maxAttributes`` is refused as unsafe, which keeps the work per byte bounded.
///
/// A small state machine over the bytes as they are fed, chunk by chunk: markup that is not a
/// start tag (comments, CDATA sections, processing instructions, declarations, end tags) and
/// quoted attribute values are skipped; an `=` anywhere else inside a start tag is an attribute.
struct XMLAttributeGuard {
    /// Most attributes a start tag may have (ELM elements have a handful).
    static let maxAttributes = 1024

    private enum State {
        case text, afterOpen, afterBang, startTag, quoted(UInt8), comment, cdata, instruction, otherMarkup
    }

    private var state = State.text
    /// The last two bytes seen, for the ends of comments (`-->`), CDATA (`]]>`) and PIs (`?>`).
    private var previous: (UInt8, UInt8) = (0, 0)
    private var attributes = 0
    /// The line the scanner is on, and the line where the open start tag began.
    private(set) var line = 1
    private var tagLine = 1
    /// Attributes counted in all start tags so far (for tests: the work is one step per byte).
    private(set) var counted = 0

    /// Scans the next bytes of the document; the line of the first start tag with too many
    /// attributes, nil when there is none so far.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        let end = bytes.count
        var index = 0
        // Lines are counted when a start tag's line is wanted and at the end, up to where they
        // were counted last: each byte once, eight at a time.
        var countedTo = 0
        defer { line += XMLAttributeGuard.newlines(base, from: countedTo, to: end) }
        while index < end {
            // Text, quoted values, end tags and the names in a start tag hold nothing to count
            // until the byte that ends them: jump there (most of a document's bytes are such runs).
            let next = runEnd(base, from: index, to: end)
            if next > index {
                pass(base, from: index, to: next)
                index = next
                if index == end { break }
            }
            // An end tag, or a start tag without attributes, whole in these bytes: nothing to
            // count, the state stays text (most of a canonical document's markup).
            if case .text = state, let after = XMLAttributeGuard.plainTagEnd(base, at: index, to: end) {
                previous = (base[after - 2], base[after - 1])
                index = after
                continue
            }
            let byte = base[index]
            index += 1
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") {
                    state = .afterOpen
                    line += XMLAttributeGuard.newlines(base, from: countedTo, to: index)
                    countedTo = index
                    tagLine = line
                }
            case .afterOpen:
                switch byte {
                case UInt8(ascii: "!"): state = .afterBang
                case UInt8(ascii: "?"): state = .instruction
                case UInt8(ascii: "/"): state = .otherMarkup
                default:
                    state = .startTag
                    attributes = 0
                }
            case .afterBang:
                state = byte == UInt8(ascii: "-") ? .comment : byte == UInt8(ascii: "[") ? .cdata : .otherMarkup
            case .startTag:
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"): state = .quoted(byte)
                case UInt8(ascii: ">"): state = .text
                case UInt8(ascii: "="):
                    attributes += 1
                    counted += 1
                    if attributes > XMLAttributeGuard.maxAttributes { countedTo = end; return tagLine }
                default: break
                }
            case .quoted(let quote):
                if byte == quote { state = .startTag }
            case .comment:
                if byte == UInt8(ascii: ">") && previous == (UInt8(ascii: "-"), UInt8(ascii: "-")) { state = .text }
            case .cdata:
                if byte == UInt8(ascii: ">") && previous == (UInt8(ascii: "]"), UInt8(ascii: "]")) { state = .text }
            case .instruction:
                if byte == UInt8(ascii: ">") && previous.1 == UInt8(ascii: "?") { state = .text }
            case .otherMarkup:
                if byte == UInt8(ascii: ">") { state = .text }
            }
            previous = (previous.1, byte)
        }
        return nil
    }

    /// Where the run of bytes from `start` that cannot change the state ends: at the next `<` in
    /// text, the closing quote of a quoted value, the `>` of other markup, or the next quote,
    /// `=` or `>` in a start tag; `start` itself in the other states.
    private func runEnd(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        func next(_ byte: UInt8) -> Int {
            memchr(base + start, Int32(byte), end - start).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? end
        }
        switch state {
        case .text: return next(UInt8(ascii: "<"))
        case .quoted(let quote): return next(quote)
        case .otherMarkup: return next(UInt8(ascii: ">"))
        case .startTag:
            var index = start
            while index < end && !XMLAttributeGuard.endsRun(base[index]) { index += 1 }
            return index
        default: return start
        }
    }

    /// One past the `>` of the tag at `start` when it is an end tag or a start tag with no
    /// quote and no `=` (the byte after `<` is the name's first, whatever it is), all before
    /// `end`; nil for other markup or a tag that goes on past `end`.
    private static func plainTagEnd(_ base: UnsafePointer<UInt8>, at start: Int, to end: Int) -> Int? {
        guard start + 2 < end, base[start] == UInt8(ascii: "<") else { return nil }
        switch base[start + 1] {
        case UInt8(ascii: "/"):
            return memchr(base + start + 2, Int32(UInt8(ascii: ">")), end - start - 2)
                .map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) + 1 }
        case UInt8(ascii: "!"), UInt8(ascii: "?"):
            return nil
        default:
            var index = start + 2
            while index < end && !endsRun(base[index]) { index += 1 }
            return index < end && base[index] == UInt8(ascii: ">") ? index + 1 : nil
        }
    }

    /// `"`, `'`, `=` and `>`, one bit each (all below 64).
    private static let runEnds: UInt64 = 1 << 0x22 | 1 << 0x27 | 1 << 0x3D | 1 << 0x3E

    /// Whether `byte` ends a run of a start tag: a quote, `=` or `>` (a name's letters fail the
    /// first test).
    @inline(__always)
    private static func endsRun(_ byte: UInt8) -> Bool { byte < 64 && runEnds >> UInt64(byte) & 1 != 0 }

    /// Passes the bytes from `start` up to `end` in a state they cannot change: remembers the
    /// last two.
    private mutating func pass(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) {
        previous = end - start >= 2 ? (base[end - 2], base[end - 1]) : (previous.1, base[start])
    }

    /// The newlines from `start` up to `end`, eight bytes at a time: a byte of `word ^ 0x0A…`
    /// is zero exactly where a newline is, and `~((x & 0x7F…) + 0x7F… | x | 0x7F…)` sets the top
    /// bit of exactly the zero bytes of `x` (no carry crosses a byte).
    static func newlines(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, newline: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        var count = 0
        var index = start
        while index + 8 <= end {
            let x = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ newline
            count &+= (~(((x & low) &+ low) | x | low)).nonzeroBitCount
            index += 8
        }
        while index < end {
            count &+= base[index] == 0x0A ? 1 : 0
            index += 1
        }
        return count
    }
}
