#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed list of element names as bytes in one buffer. A stream given the table
/// (``XMLStreamReader/init(path:names:)``) marks each element it records with its name's index
/// (``XMLNameSymbols``), so that children are matched to names without reading them.
struct XMLNameTable: Sendable {
    private let bytes: [UInt8]
    /// Each name's (start, count) in `bytes`.
    private let spans: [(start: Int, count: Int)]

    init(_ names: [String]) {
        var bytes: [UInt8] = []
        var spans: [(start: Int, count: Int)] = []
        for name in names {
            spans.append((bytes.count, name.utf8.count))
            bytes += name.utf8
        }
        self.bytes = bytes
        self.spans = spans
    }

    var count: Int { spans.count }

    /// The index of the NUL-terminated name at `name` in the table, -1 when it is not there.
    func index(of name: UnsafePointer<UInt8>) -> Int32 {
        let count = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        return bytes.withUnsafeBufferPointer { table in
            for (index, span) in spans.enumerated() where span.count == count && XMLNameTable.equal(table.baseAddress! + span.start, name, count) {
                return Int32(index)
            }
            return -1
        }
    }

    /// Visits the direct children of `element`, in document order (their places in its
    /// ``XMLSubtree``), with the index of each one's local name in the table (nil for another
    /// name). The subtree must have been recorded by a stream that was given this table
    /// (``XMLStreamReader/init(path:names:)``): each element carries its name's index.
    func forEachChild(of element: XMLElement, _ visit: (_ child: Int32, _ match: Int?) -> Void) {
        element.tree.elements.withUnsafeBufferPointer { elements in
            var position = elements[Int(element.index)].firstChild
            while position >= 0 {
                let symbol = elements[Int(position)].symbol
                visit(position, symbol >= 0 ? Int(symbol) : nil)
                position = elements[Int(position)].nextSibling
            }
        }
    }

    /// Whether `count` bytes at `a` and `b` are equal, compared eight at a time in line (a name
    /// is a few words: a call to `memcmp` cost more than the comparison).
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        while index + 8 <= count {
            if UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self) { return false }
            index += 8
        }
        while index < count {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }
}
