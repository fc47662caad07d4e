#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One element's subtree as the streaming reader met it, recorded flat: its names, attribute
/// values and text as bytes in one buffer, and the start tags, attributes, text and end tags as
/// small fixed-size events. Recording it costs the reading thread little (no Strings, no tree,
/// a few allocations); ``node()`` builds the ``XMLNode`` tree on whichever thread maps the
/// record, which then also frees it.
public struct XMLSubtree: Sendable {
    /// A piece of the buffer.
    struct Span: Sendable {
        var start: Int32
        var count: Int32
    }

    enum Event: Sendable {
        case start(name: Span, namespace: Span, line: Int32)
        case attribute(name: Span, value: Span)
        case text(Span)
        case end
    }

    private(set) var bytes: [UInt8] = []
    private(set) var events: [Event] = []

    /// The line of the subtree's root element.
    public var line: Int {
        if case .start(_, _, let line)? = events.first { return Int(line) }
        return 0
    }

    /// Bytes recorded (names, values, text).
    public var byteCount: Int { bytes.count }

    /// Appends a NUL-terminated string's bytes.
    mutating func append(_ pointer: UnsafePointer<UInt8>?) -> Span {
        let start = bytes.count
        guard let pointer else { return Span(start: Int32(start), count: 0) }
        let count = strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
        return Span(start: Int32(start), count: Int32(count))
    }

    mutating func record(_ event: Event) { events.append(event) }

    private func string(_ span: Span, in buffer: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(span.start)..<Int(span.start + span.count)]), as: UTF8.self)
    }

    /// The subtree as an element tree.
    public func node() -> XMLNode {
        bytes.withUnsafeBufferPointer { buffer in
            var stack: [XMLNode] = []
            var root: XMLNode?
            for event in events {
                switch event {
                case .start(let name, let namespace, let line):
                    stack.append(XMLNode(name: string(name, in: buffer), namespace: string(namespace, in: buffer), line: Int(line)))
                case .attribute(let name, let value):
                    stack[stack.count - 1].attributes.append((string(name, in: buffer), string(value, in: buffer)))
                case .text(let span):
                    stack[stack.count - 1].text += string(span, in: buffer)
                case .end:
                    let node = stack.removeLast()
                    if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
                }
            }
            return root ?? XMLNode(name: "")
        }
    }
}
