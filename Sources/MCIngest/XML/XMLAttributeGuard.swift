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
        for byte in bytes {
            if byte == 0x0A { line += 1 }
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") { state = .afterOpen; tagLine = line }
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
                    if attributes > XMLAttributeGuard.maxAttributes { return tagLine }
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
}
