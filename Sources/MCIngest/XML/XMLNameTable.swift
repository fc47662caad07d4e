#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed list of element names as bytes in one buffer, matched against the names an
/// ``XMLSubtree`` recorded without making a String or touching a reference count per element.
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

    /// Visits the direct children of `element`, in document order (their places in its
    /// ``XMLSubtree``), with the index of each one's local name in the table (nil for another
    /// name). Names are tried from the one
    /// after the last found: elements mostly come in one order, so a name mostly costs one
    /// comparison.
    func forEachChild(of element: XMLElement, _ visit: (_ child: Int32, _ match: Int?) -> Void) {
        let tree = element.tree
        var hint = 0
        bytes.withUnsafeBufferPointer { table in
            tree.bytes.withUnsafeBufferPointer { recorded in
                tree.elements.withUnsafeBufferPointer { elements in
                    var position = elements[Int(element.index)].firstChild
                    while position >= 0 {
                        let name = elements[Int(position)].name
                        var match: Int?
                        for offset in 0..<spans.count {
                            let index = (hint + offset) % spans.count
                            let span = spans[index]
                            if span.count == Int(name.count),
                               XMLNameTable.equal(table.baseAddress! + span.start, recorded.baseAddress! + Int(name.start), span.count) {
                                match = index
                                hint = index + 1
                                break
                            }
                        }
                        visit(position, match)
                        position = elements[Int(position)].nextSibling
                    }
                }
            }
        }
    }

    /// Whether `count` bytes at `a` and `b` are equal, compared eight at a time in line (a name
    /// is a few words: a call to `memcmp` cost more than the comparison).
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
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
